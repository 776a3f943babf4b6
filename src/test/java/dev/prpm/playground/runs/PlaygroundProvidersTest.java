package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.simulator.Fault;
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.simulator.RecordedRequest;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The run pipeline through the real Anthropic and OpenAI SDKs against the local provider
 * simulator.
 */
@IntegrationTest
@DirtiesContext
class PlaygroundProvidersTest {

    static final ProviderSimulator SIMULATOR = ProviderSimulator.start();

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("prpm.ai.providers.anthropic.api-key", () -> "sk-ant-test");
        registry.add("prpm.ai.providers.anthropic.base-url", SIMULATOR::baseUrl);
        registry.add("prpm.ai.providers.anthropic.timeout", () -> "3s");
        registry.add("prpm.ai.providers.openai.api-key", () -> "sk-test");
        registry.add("prpm.ai.providers.openai.base-url", SIMULATOR::openAiBaseUrl);
        registry.add("prpm.ai.providers.openai.timeout", () -> "3s");
        registry.add("prpm.ai.retry.initial-backoff", () -> "5ms");
        registry.add("prpm.ai.retry.max-retry-after", () -> "50ms");
        registry.add("prpm.ai.breaker.sliding-window-size", () -> "4");
        registry.add("prpm.ai.breaker.minimum-calls", () -> "4");
        // shorter than the simulator's latency below: runs answer asynchronously and must
        // not be cut off by the servlet async timeout
        registry.add("spring.mvc.async.request-timeout", () -> "250ms");
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    Environment environment;

    private String token;

    private String pkg;

    @BeforeEach
    void freshState() {
        SIMULATOR.reset();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        token = api.signupToken();
        pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
    }

    private Api.Response run(String model, String input) {
        return api.post("/api/v1/playground/run", Map.of("packageId", pkg, "model", model, "input", input), token);
    }

    private long balance() {
        return api.get("/api/v1/credits", token).json().path("balance").asLong();
    }

    private long sessions() {
        return api.get("/api/v1/playground/sessions", token).json().path("total").asLong();
    }

    @Test
    void anthropicRunThroughTheSdk() {
        SIMULATOR.usage(120, 40);
        JsonNode run = run("sonnet", "EXPLAIN SELECT 1").json();
        assertThat(run.path("demo").asBoolean()).isFalse();
        assertThat(run.path("provider").asString()).isEqualTo("anthropic");
        assertThat(run.path("output").asString()).isEqualTo("Simulated answer to: EXPLAIN SELECT 1");
        assertThat(run.path("tokens").path("input").asInt()).isEqualTo(120);
        assertThat(run.path("tokens").path("output").asInt()).isEqualTo(40);
        assertThat(run.path("credits").path("charged").asLong()).isEqualTo(1);
        RecordedRequest sent = SIMULATOR.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.body().path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.body().path("system").toString()).contains("PostgreSQL expert");
    }

    @Test
    void openAiRunThroughTheSdkChargesItsMultiplier() {
        JsonNode run = run("gpt-4o", "EXPLAIN SELECT 2").json();
        assertThat(run.path("provider").asString()).isEqualTo("openai");
        assertThat(run.path("credits").path("charged").asLong()).isEqualTo(2);
        assertThat(SIMULATOR.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(SIMULATOR.lastRequest().body().path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(balance()).isEqualTo(3);
    }

    @Test
    void aNoPromptRunSendsNoSystemPromptToEitherProvider() {
        Api.Response anthropic = api.post("/api/v1/playground/run",
                Map.of("package_id", pkg, "model", "sonnet", "input", "EXPLAIN SELECT 3", "use_no_prompt", true),
                token);
        assertThat(anthropic.status()).as(anthropic.body()).isEqualTo(200);
        assertThat(anthropic.json().path("noPrompt").asBoolean()).isTrue();
        assertThat(SIMULATOR.lastRequest().body().has("system")).as(SIMULATOR.lastRequest().body().toString())
            .isFalse();
        assertThat(SIMULATOR.lastRequest().lastMessageText()).isEqualTo("EXPLAIN SELECT 3");

        api.post("/api/v1/playground/run",
                Map.of("package_id", pkg, "model", "gpt-4o", "input", "EXPLAIN SELECT 4", "use_no_prompt", true),
                token);
        var messages = SIMULATOR.lastRequest().body().path("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() {
        SIMULATOR.failNext(2, Fault.serverError());
        Api.Response response = run("sonnet", "retry me");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("provider").asString()).isEqualTo("anthropic");
        assertThat(SIMULATOR.requests()).hasSize(3);
    }

    @Test
    void rateLimitsHonourRetryAfterThenSucceed() {
        SIMULATOR.failNext(1, Fault.rateLimited(Duration.ofMillis(20)));
        assertThat(run("haiku", "rate limited once").status()).isEqualTo(200);
        assertThat(SIMULATOR.requests()).hasSize(2);
    }

    @Test
    void exhaustedRetriesOnBothProvidersAre503AndChargeNothing() {
        SIMULATOR.failNext(6, Fault.serverError());
        Api.Response response = run("sonnet", "everything is down");
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("error").asString()).isEqualTo("model_unavailable");
        assertThat(response.header("Retry-After")).isNotBlank();
        assertThat(balance()).isEqualTo(5);
        assertThat(sessions()).isZero();
        assertThat(jdbc.sql("""
                SELECT error_code FROM usage u JOIN users s ON s.id = u.user_id
                WHERE s.id = (SELECT id FROM users ORDER BY created_at DESC LIMIT 1)""").query(String.class).list())
            .contains("model_unavailable");
        assertThat(
                jdbc.sql("SELECT count(*) FROM credit_reservations WHERE status = 'active'").query(Long.class).single())
            .isZero();
    }

    @Test
    void aRunSlowerThanTheAsyncTimeoutIsAnsweredAndChargedOnce() {
        SIMULATOR.latency(Duration.ofMillis(1000));
        Api.Response response = api.post("/api/v1/playground/run",
                Map.of("packageId", pkg, "model", "sonnet", "input", "take your time"), token,
                Map.of("X-Request-Id", "slow-run-0001"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isEqualTo("slow-run-0001");
        assertThat(response.json().path("credits").path("charged").asLong()).isEqualTo(1);
        assertThat(balance()).isEqualTo(4);
        assertThat(sessions()).isEqualTo(1);
    }

    @Test
    void anAsynchronousRunsErrorIsProblemJsonWithTheRequestsCorrelationId() {
        SIMULATOR.failNext(6, Fault.serverError());
        Api.Response response = api.post("/api/v1/playground/run",
                Map.of("packageId", pkg, "model", "sonnet", "input", "down"), token,
                Map.of("X-Request-Id", "failed-run-0001"));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("correlationId").asString()).isEqualTo("failed-run-0001");
        assertThat(response.json().path("instance").asString()).isEqualTo("/api/v1/playground/run");
        assertThat(response.json().path("message").asString()).isNotBlank();
        assertThat(balance()).isEqualTo(5);
    }

    @Test
    void theFallbackModelServesWhenThePrimaryProviderFails() {
        SIMULATOR.failNext(3, Fault.serverError());
        JsonNode run = run("sonnet", "fall back please").json();
        assertThat(run.path("model").asString()).isEqualTo("gpt-4o");
        assertThat(run.path("fallbackFrom").asString()).as(run.toString()).isEqualTo("sonnet");
        assertThat(run.path("credits").path("charged").asLong()).as("charged at gpt-4o's price, beyond the sonnet hold")
            .isEqualTo(2);
        assertThat(jdbc.sql("SELECT fallback_from FROM usage WHERE id = :id")
            .param("id", UUID.fromString(run.path("runId").asString()))
            .query(String.class)
            .single()).isEqualTo("sonnet");
    }

    @Test
    void anOpenBreakerFailsFastAndTheFallbackServes() {
        SIMULATOR.failNext(3, Fault.serverError());
        assertThat(run("sonnet", "first").json().path("fallbackFrom").asString()).isEqualTo("sonnet");
        SIMULATOR.failNext(1, Fault.serverError());
        Api.Response second = run("sonnet", "second");
        assertThat(second.json().path("fallbackFrom").asString())
            .as("the 4th failure opens the breaker; the fallback serves")
            .isEqualTo("sonnet");
        assertThat(breakers.circuitBreaker("provider-anthropic").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        SIMULATOR.reset();

        JsonNode run = run("sonnet", "while open").json();
        assertThat(run.path("fallbackFrom").asString()).as(run.toString()).isEqualTo("sonnet");
        assertThat(SIMULATOR.requests()).extracting(RecordedRequest::path)
            .as("no request reached the provider whose breaker is open")
            .containsOnly("/v1/chat/completions");
    }

    @Test
    void aFailureWhileCommittingReleasesTheHoldAndLeavesNoGarbage() throws Exception {
        String session = run("haiku", "first turn").json().path("sessionId").asString();
        long before = balance();
        SIMULATOR.latency(Duration.ofMillis(1500));
        try (var pool = java.util.concurrent.Executors.newSingleThreadExecutor()) {
            var inFlight = pool.submit(() -> api.post("/api/v1/playground/run",
                    Map.of("packageId", pkg, "model", "haiku", "input", "second turn", "conversationId", session),
                    token));
            await().atMost(Duration.ofSeconds(10)).until(() -> SIMULATOR.requests().size() == 2);
            assertThat(api.delete("/api/v1/playground/sessions/" + session, token).status()).isEqualTo(204);

            Api.Response response = inFlight.get();
            assertThat(response.status()).as("the conversation was deleted while the model answered").isEqualTo(404);
            assertThat(response.json().path("error").asString()).isEqualTo("session_not_found");
        }
        assertThat(balance()).isEqualTo(before);
        assertThat(sessions()).isZero();
        assertThat(
                jdbc.sql("SELECT count(*) FROM credit_reservations WHERE status = 'active'").query(Long.class).single())
            .isZero();
    }

    @Test
    void aProviderClientErrorIsNotRetriedAndChargesNothing() {
        SIMULATOR.failNext(1, Fault.badRequest());
        Api.Response response = run("sonnet", "bad");
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("error").asString()).isEqualTo("model_rejected_request");
        assertThat(SIMULATOR.requests()).hasSize(1);
        assertThat(balance()).isEqualTo(5);
    }

    @Test
    void aStreamBrokenMidwayChargesOnlyWhatWasProduced() {
        SIMULATOR.reply("one two three four five six seven eight nine ten eleven twelve")
            .failNext(1, Fault.brokenStream(3));
        Api.Response response = api.post("/api/v1/playground/run/stream",
                Map.of("packageId", pkg, "model", "sonnet", "input", "stream and break"), token);
        assertThat(response.body()).contains("event:delta").contains("event:error").doesNotContain("event:done");
        assertThat(response.body()).contains("\"partial\"");
        assertThat(balance()).as("input + three deltas cost one credit").isEqualTo(4);
        JsonNode session = api.get("/api/v1/playground/sessions", token).json().path("items").get(0);
        JsonNode messages = api.get("/api/v1/playground/sessions/" + session.path("id").asString(), token)
            .json()
            .path("messages");
        assertThat(messages.get(1).path("partial").asBoolean()).isTrue();
        assertThat(messages.get(1).path("content").asString()).isEqualTo("one two three");
    }

    @Test
    void aClientThatDisconnectsMidStreamPaysOnlyForWhatWasSent() throws Exception {
        SIMULATOR.reply("a b c d e f g h i j k l m n o p q r s t u v w x y z").deltaInterval(Duration.ofMillis(100));
        HttpRequest request = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port")
                    + "/api/v1/playground/run/stream"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers
                .ofString("{\"packageId\":\"" + pkg + "\",\"model\":\"opus\",\"input\":\"slow stream\"}"))
            .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<java.io.InputStream> response = client.send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                int deltas = 0;
                while ((line = reader.readLine()) != null && deltas < 2) {
                    if (line.startsWith("event:delta")) {
                        deltas++;
                    }
                }
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> sessions() == 1);
        JsonNode session = api.get("/api/v1/playground/sessions", token).json().path("items").get(0);
        JsonNode answer = api.get("/api/v1/playground/sessions/" + session.path("id").asString(), token)
            .json()
            .path("messages")
            .get(1);
        assertThat(answer.path("partial").asBoolean()).isTrue();
        assertThat(answer.path("content").asString().length()).isLessThan(51);
        assertThat(balance()).as("opus charges 3 for what it produced").isEqualTo(2);
        assertThat(
                jdbc.sql("SELECT count(*) FROM credit_reservations WHERE status = 'active'").query(Long.class).single())
            .isZero();
    }

}
