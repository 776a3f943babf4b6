package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderGatewayTest {

    private final ScriptedProvider anthropic = new ScriptedProvider("anthropic");

    private final ScriptedProvider openai = new ScriptedProvider("openai");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final ModelProperties properties = new ModelProperties(2000, 1024,
            Map.of("sonnet", model("anthropic", "claude-sonnet", 1, "gpt-4o"), "opus",
                    model("anthropic", "claude-opus", 3, null), "gpt-4o", model("openai", "gpt-4o", 2, "sonnet")),
            Map.of("anthropic", ModelProperties.Provider.of("key", "", Duration.ofSeconds(5)), "openai",
                    ModelProperties.Provider.of("key", "", Duration.ofSeconds(5))),
            new ModelProperties.Retry(3, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(50)),
            new ModelProperties.Breaker(4, 4, 50, Duration.ofMinutes(1), 1));

    private final ModelCatalog catalog = new ModelCatalog(properties);

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

    private final ProviderGateway gateway = new ProviderGateway(List.of(anthropic, openai, new DemoProvider()), catalog,
            properties, breakers, meters);

    private final CompletionRequest request = new CompletionRequest("ignored", "You are terse.",
            List.of(ChatMessage.user("hello")), 100);

    private static ModelProperties.Model model(String provider, String upstream, int multiplier, String fallback) {
        return new ModelProperties.Model(provider, upstream, BigDecimal.ONE, BigDecimal.TEN, multiplier, fallback,
                4096);
    }

    private static ProviderException error(ProviderException.Kind kind, Duration retryAfter) {
        return new ProviderException(kind, 0, retryAfter, kind.name(), null);
    }

    @Test
    void retriesRateLimitsAndServerErrorsThenSucceeds() {
        anthropic.failNext(error(ProviderException.Kind.RATE_LIMITED, Duration.ofMillis(20)), 1)
            .failNext(error(ProviderException.Kind.SERVER_ERROR, null), 1);
        ProviderGateway.Outcome outcome = gateway.complete(catalog.resolve("sonnet"), request);
        assertThat(outcome.completion().text()).isEqualTo("anthropic:claude-sonnet");
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.fallbackFrom()).isNull();
        assertThat(meters.counter("prpm.provider.retries", "provider", "anthropic").count()).isEqualTo(2);
    }

    @Test
    void exhaustedRetriesWithoutFallbackAre503WithRetryAfter() {
        anthropic.failNext(error(ProviderException.Kind.TIMEOUT, null), 3);
        assertThatThrownBy(() -> gateway.complete(catalog.resolve("opus"), request))
            .isInstanceOfSatisfying(ModelUnavailableException.class, e -> {
                assertThat(e.code().code()).isEqualTo("model_unavailable");
                assertThat(e.headers()).containsKey("Retry-After");
            });
        assertThat(anthropic.calls.get()).isEqualTo(3);
    }

    @Test
    void clientErrorsAreNeverRetriedNorFallenBackFrom() {
        anthropic.failNext(error(ProviderException.Kind.CLIENT_ERROR, null), 1);
        assertThatThrownBy(() -> gateway.complete(catalog.resolve("sonnet"), request))
            .isInstanceOf(ModelRejectedException.class);
        assertThat(anthropic.calls.get()).isEqualTo(1);
        assertThat(openai.calls.get()).isZero();
    }

    @Test
    void fallsBackToTheEquivalentModelOnTheOtherProvider() {
        anthropic.failNext(error(ProviderException.Kind.SERVER_ERROR, null), 3);
        ProviderGateway.Outcome outcome = gateway.complete(catalog.resolve("sonnet"), request);
        assertThat(outcome.servedBy().id()).isEqualTo("gpt-4o");
        assertThat(outcome.fallbackFrom()).isEqualTo("sonnet");
        assertThat(outcome.completion().text()).isEqualTo("openai:gpt-4o");
    }

    @Test
    void theBreakerOpensAndThenFailsFastWithoutCallingTheProvider() {
        anthropic.failNext(error(ProviderException.Kind.SERVER_ERROR, null), 6);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> gateway.complete(catalog.resolve("opus"), request))
                .isInstanceOf(ModelUnavailableException.class);
        }
        assertThat(gateway.breakerState("anthropic")).isEqualTo(CircuitBreaker.State.OPEN);
        int callsWhenOpened = anthropic.calls.get();
        assertThatThrownBy(() -> gateway.complete(catalog.resolve("opus"), request))
            .isInstanceOf(ModelUnavailableException.class);
        assertThat(anthropic.calls.get()).as("an open breaker fails fast").isEqualTo(callsWhenOpened);
        assertThat(gateway.complete(catalog.resolve("sonnet"), request).servedBy().id())
            .as("with the breaker open, a model with a fallback is served elsewhere")
            .isEqualTo("gpt-4o");
    }

    @Test
    void streamingRetriesOnlyBeforeTheFirstDelta() {
        anthropic.failNext(error(ProviderException.Kind.SERVER_ERROR, null), 1);
        List<String> deltas = new ArrayList<>();
        assertThat(gateway.stream(catalog.resolve("opus"), request, deltas::add).completion().outputTokens())
            .isEqualTo(3);
        assertThat(deltas).containsExactly("w0 ", "w1 ", "w2 ");

        anthropic.deltasBeforeFailure = 2;
        anthropic.failNext(error(ProviderException.Kind.STREAM_BROKEN, null), 1);
        List<String> partial = new ArrayList<>();
        int before = anthropic.calls.get();
        assertThatThrownBy(() -> gateway.stream(catalog.resolve("sonnet"), request, partial::add))
            .isInstanceOf(ModelUnavailableException.class);
        assertThat(partial).containsExactly("w0 ", "w1 ");
        assertThat(anthropic.calls.get() - before).as("no retry after text was sent").isEqualTo(1);
        assertThat(openai.calls.get()).as("no fallback after text was sent").isZero();
    }

    @Test
    void catalogueResolvesDemoWithoutKeysAndPricesCredits() {
        ModelProperties noKeys = new ModelProperties(2000, 1024, properties.models(), Map.of(), properties.retry(),
                properties.breaker());
        ModelCatalog demoCatalog = new ModelCatalog(noKeys);
        ResolvedModel sonnet = demoCatalog.resolve("sonnet");
        assertThat(sonnet.demo()).isTrue();
        assertThat(sonnet.providerId()).isEqualTo("demo");
        assertThat(catalog.resolve("sonnet").demo()).isFalse();
        assertThat(catalog.credits(catalog.resolve("sonnet"), 900)).isEqualTo(1);
        assertThat(catalog.credits(catalog.resolve("opus"), 900)).isEqualTo(3);
        assertThat(catalog.credits(catalog.resolve("sonnet"), 4001)).isEqualTo(3);
        assertThat(catalog.credits(catalog.resolve("gpt-4o"), 0)).isEqualTo(2);
        assertThatThrownBy(() -> catalog.resolve("gpt-9")).isInstanceOf(UnknownModelException.class);
        assertThat(catalog.list()).extracting(ModelCatalog.ModelInfo::id).containsExactly("gpt-4o", "opus", "sonnet");
    }

    @Test
    void invalidCatalogueFailsFastNamingTheSetting() {
        ModelProperties bad = new ModelProperties(2000, 1024, Map.of("x", model("bedrock", "m", 1, null)), Map.of(),
                properties.retry(), properties.breaker());
        assertThatThrownBy(() -> new ModelCatalog(bad)).hasMessageContaining("prpm.ai.models.x.provider");
        ModelProperties badFallback = new ModelProperties(2000, 1024, Map.of("x", model("openai", "m", 1, "nope")),
                Map.of(), properties.retry(), properties.breaker());
        assertThatThrownBy(() -> new ModelCatalog(badFallback)).hasMessageContaining("prpm.ai.models.x.fallback");
    }

    @Test
    void demoProviderIsDeterministicAndLabelled() {
        DemoProvider demo = new DemoProvider();
        Completion first = demo.complete(request.withModel("claude-sonnet"));
        Completion second = demo.complete(request.withModel("claude-sonnet"));
        assertThat(first).isEqualTo(second);
        assertThat(first.text()).startsWith("[demo response");
        StringBuilder streamed = new StringBuilder();
        assertThat(demo.stream(request.withModel("claude-sonnet"), streamed::append)).isEqualTo(first);
        assertThat(streamed.toString()).isEqualTo(first.text());
    }

}
