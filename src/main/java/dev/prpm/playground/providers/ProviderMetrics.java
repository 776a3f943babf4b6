package dev.prpm.playground.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;

/**
 * Meters and the span of provider calls: latency and time to first token per model
 * ({@code prpm_provider_latency_seconds}, {@code prpm_provider_ttft_seconds}, histogram
 * buckets up to 60 s) and the {@code playground.callAI} span of each attempt (observation
 * {@code prpm.provider.call}) (model, provider, attempt, fallback).
 */
final class ProviderMetrics {

    /**
     * Name of the observation of one provider call attempt (its span is
     * {@code playground.callAI}).
     */
    static final String CALL = "prpm.provider.call";

    private static final Duration[] BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60) };

    private ProviderMetrics() {
    }

    static Timer timer(MeterRegistry meters, String name, String description, ResolvedModel model) {
        return Timer.builder(name)
            .description(description)
            .tag("model", model.id())
            .tag("provider", model.providerId())
            .serviceLevelObjectives(BUCKETS)
            .register(meters);
    }

    static Observation observation(ObservationRegistry observations, ResolvedModel model, int attempt,
            boolean fallback) {
        return Observation.createNotStarted(CALL, observations)
            .contextualName("playground.callAI")
            .lowCardinalityKeyValue("model", model.id())
            .lowCardinalityKeyValue("provider", model.providerId())
            .lowCardinalityKeyValue("fallback", Boolean.toString(fallback))
            .highCardinalityKeyValue("attempt", Integer.toString(attempt));
    }

    static int stateCode(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> 2;
            case HALF_OPEN -> 1;
            default -> 0;
        };
    }

}
