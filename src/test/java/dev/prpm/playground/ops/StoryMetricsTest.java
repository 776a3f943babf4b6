package dev.prpm.playground.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.billing.StripeTestEvents;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.Reservations;
import dev.prpm.playground.simulator.Fault;
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The "done when": after a story-style use of the product (successful, streamed,
 * retried and fallen-back runs, a provider error, a 402, a 429, a stream the client hung
 * up on, a queued job, a Stripe webhook, a hold the reaper releases), a scrape of
 * {@code /actuator/prometheus} shows every series of the audit and the ones beyond it
 * with non-zero values. Providers are the local simulator through the real SDKs.
 */
@IntegrationTest
@DirtiesContext
class StoryMetricsTest {

    static final ProviderSimulator SIMULATOR = ProviderSimulator.start();

    private static final String WEBHOOK_SECRET = "whsec_story_metrics_test";

    private static final int RUNS_PER_MINUTE = 6;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prpm.ai.providers.anthropic.api-key", () -> "sk-ant-test");
        registry.add("prpm.ai.providers.anthropic.base-url", SIMULATOR::baseUrl);
        registry.add("prpm.ai.providers.openai.api-key", () -> "sk-test");
        registry.add("prpm.ai.providers.openai.base-url", SIMULATOR::openAiBaseUrl);
        registry.add("prpm.ai.retry.initial-backoff", () -> "5ms");
        registry.add("prpm.ai.retry.max-retry-after", () -> "50ms");
        registry.add("prpm.rate-limit.free", () -> Integer.toString(RUNS_PER_MINUTE));
        registry.add("prpm.billing.enabled", () -> "true");
        registry.add("prpm.billing.mode", () -> "stripe");
        registry.add("prpm.billing.api-key", () -> "sk_test_stub");
        registry.add("prpm.billing.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("prpm.billing.api-base", () -> "http://127.0.0.1:9");
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Autowired
    Api api;

    @Autowired
    Reservations reservations;

    @Autowired
    Environment environment;

    @Test
    void afterAStoryEverySeriesHasNonZeroValues() throws Exception {
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        String alice = api.signupToken();
        assertThat(run(alice, pkg, "haiku", "first run").status()).isEqualTo(200);
        assertThat(run(alice, pkg, "haiku", "second run, package from the cache").status()).isEqualTo(200);
        Api.Response streamed = api.post("/api/v1/playground/run/stream", body(pkg, "haiku", "streamed"), alice,
                Map.of("Accept", "text/event-stream"));
        assertThat(streamed.body()).contains("event:done");
        SIMULATOR.failNext(1, Fault.badRequest());
        assertThat(run(alice, pkg, "haiku", "rejected by the provider").status()).isEqualTo(502);
        SIMULATOR.failNext(1, Fault.serverError());
        assertThat(run(alice, pkg, "haiku", "retried once").status()).isEqualTo(200);

        String bob = api.signupToken();
        SIMULATOR.failNext(3, Fault.serverError());
        Api.Response fallback = run(bob, pkg, "sonnet", "served by the fallback");
        assertThat(fallback.json().path("fallbackFrom").asString()).as(fallback.body()).isEqualTo("sonnet");
        Map<String, Object> tooExpensive = body(pkg, "opus", "too expensive");
        tooExpensive.put("maxOutputTokens", 4000);
        assertThat(api.post("/api/v1/playground/run", tooExpensive, bob).status()).isEqualTo(402);
        hangUpMidStream(bob, pkg);
        assertThat(api.post("/api/v1/playground/jobs", body(pkg, "haiku", "queued job"), bob).status()).isEqualTo(202);

        String carol = api.signupToken();
        for (int i = 0; i < RUNS_PER_MINUTE; i++) {
            assertThat(api.post("/api/v1/playground/run", tooExpensive, carol).status()).isEqualTo(402);
        }
        assertThat(api.post("/api/v1/playground/run", tooExpensive, carol).status()).isEqualTo(429);

        String ignored = StripeTestEvents.event("customer.created", Map.of("id", "cus_story", "object", "customer"));
        assertThat(StripeTestEvents.deliver(api, ignored, WEBHOOK_SECRET, java.time.Instant.now().getEpochSecond())
            .status()).isEqualTo(200);
        UUID dave = UUID.fromString(api.get("/api/v1/me", api.signupToken()).json().path("id").asString());
        reservations.reserve(dave, 1, "run whose instance died", LedgerRefs.reason("story"), Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> reservations.releaseExpired(100) > 0);

        Map<String, Double> samples = MetricsScrapeTest.samples(MetricsScrapeTest.scrape(api));
        for (String status : new String[] { "success", "insufficient_credits", "rate_limited", "error" }) {
            assertThat(value(samples, "prpm_playground_runs_total", "status=\"" + status + "\"")).as(status)
                .isGreaterThan(0);
        }
        assertThat(value(samples, "prpm_playground_duration_seconds_bucket", "le=\"10.0\"")).isGreaterThan(0);
        assertThat(value(samples, "prpm_playground_credits_spent_total", "user_type=\"free\"")).isGreaterThan(0);
        assertThat(value(samples, "prpm_playground_overhead_seconds_count")).isGreaterThan(0);
        assertThat(value(samples, "prpm_provider_latency_seconds_count", "provider=\"anthropic\"")).isGreaterThan(0);
        assertThat(value(samples, "prpm_provider_ttft_seconds_count")).isGreaterThan(0);
        assertThat(value(samples, "prpm_provider_retries_total")).isGreaterThan(0);
        assertThat(value(samples, "prpm_provider_fallbacks_total", "from=\"sonnet\"")).isGreaterThan(0);
        assertThat(samples.keySet())
            .anyMatch(k -> k.startsWith("prpm_provider_breaker_state{") && k.contains("provider=\"anthropic\""));
        assertThat(value(samples, "prpm_credits_holds_open")).as("the queued job's hold").isGreaterThan(0);
        assertThat(value(samples, "prpm_credits_holds_open_credits")).isGreaterThan(0);
        assertThat(value(samples, "prpm_credit_reservations_total", "outcome=\"expired\"")).as("reaper releases")
            .isGreaterThan(0);
        assertThat(value(samples, "prpm_credit_settlement_seconds_count")).isGreaterThan(0);
        assertThat(value(samples, "prpm_billing_webhook_events_total", "outcome=\"ignored\"")).isGreaterThan(0);
        assertThat(value(samples, "prpm_jobs_queued")).isGreaterThan(0);
        assertThat(value(samples, "prpm_package_cache_requests_total", "result=\"hit\"")).isGreaterThan(0);
        assertThat(value(samples, "prpm_ratelimit_rejections_total", "tier=\"free\"", "scope=\"runs\""))
            .isGreaterThan(0);
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(value(MetricsScrapeTest.samples(MetricsScrapeTest.scrape(api)),
                    "prpm_jobs_oldest_queued_age_seconds"))
                .isGreaterThan(0));
    }

    /**
     * Opens a slow stream, reads its start event and hangs up. The server notices at a
     * failed write: {@code partial} (charged for what was sent) once a token went out,
     * {@code cancelled} (nothing charged) if none did; which one depends on when the
     * socket reports the hang-up.
     */
    private void hangUpMidStream(String token, String pkg) throws Exception {
        SIMULATOR.reply("a b c d e f g h i j k l m n o p q r s t u v w x y z").deltaInterval(Duration.ofMillis(100));
        HttpRequest request = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port")
                    + "/api/v1/playground/run/stream"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers
                .ofString("{\"packageId\":\"" + pkg + "\",\"model\":\"haiku\",\"input\":\"hang up\"}"))
            .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<java.io.InputStream> response = client.send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = reader.readLine();
                }
                while (line != null && !line.startsWith("event:start"));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Double> samples = MetricsScrapeTest.samples(MetricsScrapeTest.scrape(api));
            return value(samples, "prpm_playground_runs_total", "status=\"partial\"")
                    + value(samples, "prpm_playground_runs_total", "status=\"cancelled\"") > 0;
        });
        SIMULATOR.reset();
    }

    private Api.Response run(String token, String pkg, String model, String input) {
        return api.post("/api/v1/playground/run", body(pkg, model, input), token);
    }

    private static Map<String, Object> body(String pkg, String model, String input) {
        return new HashMap<>(Map.of("packageId", pkg, "model", model, "input", input));
    }

    private static double value(Map<String, Double> samples, String name, String... labels) {
        return MetricsScrapeTest.value(samples, name, labels);
    }

}
