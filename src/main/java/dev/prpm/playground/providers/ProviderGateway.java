package dev.prpm.playground.providers;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Service;

/**
 * Every model call goes through here: retry with exponential backoff and jitter on
 * 429/5xx/ timeouts (Retry-After honoured, other 4xx never retried), a circuit breaker
 * per provider, and an optional fallback to the model's configured equivalent on another
 * provider.
 */
@Service
public class ProviderGateway {

    private static final Logger log = LoggerFactory.getLogger(ProviderGateway.class);

    private final Map<String, ModelProvider> providers;

    private final ModelCatalog catalog;

    private final ModelProperties.Retry policy;

    private final CircuitBreakerRegistry breakers;

    private final CircuitBreakerConfig breakerConfig;

    private final MeterRegistry meters;

    private final ObservationRegistry observations;

    private final Map<String, CallSlots> slots;

    ProviderGateway(List<ModelProvider> providers, ModelCatalog catalog, ModelProperties properties,
            CircuitBreakerRegistry breakers, MeterRegistry meters) {
        this(providers, catalog, properties, breakers, meters, ObservationRegistry.NOOP);
    }

    @Autowired
    ProviderGateway(List<ModelProvider> providers, ModelCatalog catalog, ModelProperties properties,
            CircuitBreakerRegistry breakers, MeterRegistry meters, ObservationRegistry observations) {
        this.providers = providers.stream().collect(Collectors.toMap(ModelProvider::id, Function.identity()));
        this.slots = this.providers.keySet()
            .stream()
            .collect(Collectors.toMap(Function.identity(), id -> CallSlots.of(id, properties.providers().get(id))));
        this.catalog = catalog;
        this.policy = properties.retry();
        this.breakers = breakers;
        ModelProperties.Breaker breaker = properties.breaker();
        this.breakerConfig = CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(breaker.slidingWindowSize())
            .minimumNumberOfCalls(breaker.minimumCalls())
            .failureRateThreshold(breaker.failureRateThreshold())
            .waitDurationInOpenState(breaker.openDuration())
            .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
            .automaticTransitionFromOpenToHalfOpenEnabled(true)
            .recordException(e -> e instanceof ProviderException p && p.retryable())
            .ignoreException(e -> e instanceof ProviderException p && !p.retryable())
            .build();
        this.meters = meters;
        this.observations = observations;
        this.providers.keySet().forEach(this::registerProviderMeters);
        catalog.ids()
            .stream()
            .map(catalog::resolve)
            .filter(m -> m.fallback() != null)
            .forEach(m -> meters.counter("prpm.provider.fallbacks", "from", m.id(), "to",
                    catalog.resolve(m.fallback()).id()));
    }

    /**
     * A complete answer from the model, or from its fallback when the model's provider is
     * down.
     */
    public Outcome complete(ResolvedModel model, CompletionRequest request) {
        return withFallback(model, request, (m, attempts) -> provider(m).complete(request.withModel(m.upstream())),
                null);
    }

    /**
     * Streams the answer. Retries and fallback only happen while nothing has been
     * streamed yet; once text went to the client, a failure ends the stream (the caller
     * charges what was produced).
     */
    public Outcome stream(ResolvedModel model, CompletionRequest request, TokenSink sink) {
        AtomicBoolean started = new AtomicBoolean();
        TokenSink tracking = text -> {
            started.set(true);
            sink.onDelta(text);
        };
        return withFallback(model, request, (m, attempts) -> {
            long attemptStarted = System.nanoTime();
            AtomicBoolean first = new AtomicBoolean(true);
            return provider(m).stream(request.withModel(m.upstream()), text -> {
                if (first.compareAndSet(true, false)) {
                    ProviderMetrics.timer(meters, "prpm.provider.ttft", "Time to the first streamed token", m)
                        .record(Duration.ofNanos(System.nanoTime() - attemptStarted));
                }
                tracking.onDelta(text);
            });
        }, started);
    }

    public CircuitBreaker.State breakerState(String providerId) {
        return breaker(providerId).getState();
    }

    private Outcome withFallback(ResolvedModel model, CompletionRequest request, Call call, AtomicBoolean started) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            return new Outcome(guarded(model, call, attempts, started, false), model, null, attempts.get());
        }
        catch (ProviderException | CallNotPermittedException primaryFailure) {
            boolean streamed = started != null && started.get();
            if (model.fallback() == null || streamed || isClientError(primaryFailure)) {
                throw unavailable(model, primaryFailure);
            }
            ResolvedModel fallback = catalog.resolve(model.fallback());
            if (fallback.providerId().equals(model.providerId())) {
                throw unavailable(model, primaryFailure);
            }
            log.warn("provider.fallback model={} fallback={} reason={}", model.id(), fallback.id(),
                    primaryFailure.getMessage());
            meters.counter("prpm.provider.fallbacks", "from", model.id(), "to", fallback.id()).increment();
            try {
                return new Outcome(guarded(fallback, call, attempts, started, true), fallback, model.id(),
                        attempts.get());
            }
            catch (ProviderException | CallNotPermittedException fallbackFailure) {
                throw unavailable(fallback, fallbackFailure);
            }
        }
    }

    private Completion guarded(ResolvedModel model, Call call, AtomicInteger attempts, AtomicBoolean started,
            boolean fallback) {
        CircuitBreaker breaker = breaker(model.providerId());
        Retry retry = Retry.of("provider-" + model.providerId(), retryConfig(started));
        retry.getEventPublisher()
            .onRetry(event -> meters.counter("prpm.provider.retries", "provider", model.providerId()).increment());
        Supplier<Completion> attempt = () -> {
            int number = attempts.incrementAndGet();
            long callStarted = System.nanoTime();
            String outcome = "success";
            try {
                return ProviderMetrics.observation(observations, model, number, fallback)
                    .observe(() -> call.invoke(model, number));
            }
            catch (ProviderException e) {
                outcome = e.kind().name().toLowerCase();
                if (e.retryable()) {
                    log.warn("provider.attempt_failed provider={} model={} attempt={} kind={} reason={} cause={}",
                            model.providerId(), model.id(), number, outcome, e.getMessage(), rootCause(e));
                }
                throw e;
            }
            finally {
                meters.counter("prpm.provider.attempts", "provider", model.providerId(), "outcome", outcome)
                    .increment();
                ProviderMetrics.timer(meters, "prpm.provider.latency", "Provider call duration, per attempt", model)
                    .record(Duration.ofNanos(System.nanoTime() - callStarted));
            }
        };
        Supplier<Completion> slotted = () -> slots(model.providerId()).call(attempt);
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, slotted)).get();
    }

    private CallSlots slots(String providerId) {
        CallSlots found = slots.get(providerId);
        return found != null ? found : CallSlots.of(providerId, null);
    }

    private RetryConfig retryConfig(AtomicBoolean started) {
        IntervalBiFunction<Object> interval = (attempt, result) -> {
            Throwable error = result.isLeft() ? result.getLeft() : null;
            if (error instanceof ProviderException p && p.retryAfter() != null) {
                return Math.min(p.retryAfter().toMillis(), policy.maxRetryAfter().toMillis());
            }
            double base = policy.initialBackoff().toMillis() * Math.pow(policy.multiplier(), attempt - 1);
            double jitter = 1 + policy.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
            return Math.max(1L, Math.round(base * jitter));
        };
        return RetryConfig.custom()
            .maxAttempts(policy.maxAttempts())
            .intervalBiFunction(interval)
            .retryOnException(
                    e -> e instanceof ProviderException p && p.retryable() && (started == null || !started.get()))
            .build();
    }

    private void registerProviderMeters(String providerId) {
        meters.counter("prpm.provider.retries", "provider", providerId);
        Gauge.builder("prpm.provider.breaker.state", () -> ProviderMetrics.stateCode(breakerState(providerId)))
            .description("Circuit breaker per provider: 0 closed, 1 half-open, 2 open")
            .tag("provider", providerId)
            .register(meters);
        breaker(providerId).getEventPublisher()
            .onStateTransition(event -> log.warn("provider.breaker provider={} transition={}", providerId,
                    event.getStateTransition()));
    }

    private CircuitBreaker breaker(String providerId) {
        return breakers.circuitBreaker("provider-" + providerId, breakerConfig);
    }

    private ModelProvider provider(ResolvedModel model) {
        ModelProvider provider = providers.get(model.providerId());
        if (provider == null) {
            throw new ProviderException(ProviderException.Kind.CLIENT_ERROR,
                    "No provider implementation for '" + model.providerId() + "'");
        }
        return provider;
    }

    private static String rootCause(Throwable failure) {
        Throwable root = NestedExceptionUtils.getRootCause(failure);
        return root == null ? "-" : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static boolean isClientError(RuntimeException e) {
        return e instanceof ProviderException p && p.kind() == ProviderException.Kind.CLIENT_ERROR;
    }

    private static RuntimeException unavailable(ResolvedModel model, RuntimeException cause) {
        if (isClientError(cause)) {
            return new ModelRejectedException(model.id(), cause);
        }
        Duration retryAfter = cause instanceof ProviderException p ? p.retryAfter() : null;
        return new ModelUnavailableException(model.id(), retryAfter, cause);
    }

    @FunctionalInterface
    private interface Call {

        Completion invoke(ResolvedModel model, int attempt);

    }

    /**
     * The completion, the model that actually served it, the model it replaced (if
     * fallback), attempts made.
     */
    public record Outcome(Completion completion, ResolvedModel servedBy, String fallbackFrom, int attempts) {
    }

}
