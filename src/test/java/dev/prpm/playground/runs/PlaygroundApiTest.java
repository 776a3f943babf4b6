package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class PlaygroundApiTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    private String packageId(String query) {
        return api.get("/api/v1/packages?q=" + query).json().path("items").get(0).path("id").asString();
    }

    private Map<String, Object> runBody(String pkg, String model, String input) {
        Map<String, Object> body = new HashMap<>();
        body.put("packageId", pkg);
        body.put("model", model);
        body.put("input", input);
        return body;
    }

    private long balance(String token) {
        return api.get("/api/v1/credits", token).json().path("balance").asLong();
    }

    @Test
    void aRunChargesCreatesASessionAndWritesUsage() {
        String token = api.signupToken();
        String pkg = packageId("sql-explainer");
        Api.Response response = api.post("/api/v1/playground/run",
                runBody(pkg, "sonnet", "SELECT * FROM orders WHERE customer_id = 42"), token);

        assertThat(response.status()).isEqualTo(200);
        JsonNode run = response.json();
        assertThat(run.path("demo").asBoolean()).isTrue();
        assertThat(run.path("output").asString()).startsWith("[demo response");
        assertThat(run.path("credits").path("charged").asLong()).isEqualTo(1);
        assertThat(run.path("credits").path("balanceAfter").asLong()).isEqualTo(4);
        assertThat(balance(token)).isEqualTo(4);

        String sessionId = run.path("sessionId").asString();
        JsonNode session = api.get("/api/v1/playground/sessions/" + sessionId, token).json();
        assertThat(session.path("messages")).hasSize(2);
        assertThat(session.path("messages").get(1).path("model").asString()).isEqualTo("sonnet");
        assertThat(session.path("packageName").asString()).isEqualTo("@prpm/sql-explainer");
        assertThat(jdbc.sql("SELECT credits FROM usage WHERE id = :id")
            .param("id", UUID.fromString(run.path("runId").asString()))
            .query(Long.class)
            .single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT type FROM credit_transactions WHERE run_id = :id ORDER BY id")
            .param("id", UUID.fromString(run.path("runId").asString()))
            .query(String.class)
            .list()).containsExactly("reservation_hold", "reservation_release", "spend");
    }

    @Test
    void aConversationContinuesWithItsHistory() {
        String token = api.signupToken();
        String pkg = packageId("python-tutor");
        JsonNode first = api.post("/api/v1/playground/run", runBody(pkg, "haiku", "What is a list?"), token).json();
        Map<String, Object> next = runBody(pkg, "haiku", "And a tuple?");
        next.put("conversationId", first.path("conversationId").asString());
        JsonNode estimate = api.post("/api/v1/playground/estimate", next, token).json();
        JsonNode second = api.post("/api/v1/playground/run", next, token).json();

        assertThat(estimate.path("inputTokens").asInt())
            .isGreaterThan(api.post("/api/v1/playground/estimate", runBody(pkg, "haiku", "And a tuple?"), token)
                .json()
                .path("inputTokens")
                .asInt());
        assertThat(second.path("sessionId").asString()).isEqualTo(first.path("sessionId").asString());
        assertThat(second.path("output").asString()).contains("Conversation turns so far: 3");
        assertThat(api.get("/api/v1/playground/sessions/" + first.path("sessionId").asString(), token)
            .json()
            .path("messages")).hasSize(4);
    }

    @Autowired
    dev.prpm.playground.credits.CreditLedger ledger;

    @Test
    void aConversationStopsAtItsMaximumSize() {
        String token = api.signupToken();
        UUID user = UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
        ledger.grant(user, dev.prpm.playground.credits.Bucket.PURCHASED, 100,
                dev.prpm.playground.credits.TransactionType.ADJUSTMENT,
                dev.prpm.playground.credits.LedgerRefs.reason("test"));
        String pkg = packageId("python-tutor");
        String session = api.post("/api/v1/playground/run", runBody(pkg, "haiku", "turn 1"), token)
            .json()
            .path("sessionId")
            .asString();
        for (int turn = 2; turn <= 20; turn++) {
            Map<String, Object> next = runBody(pkg, "haiku", "turn " + turn);
            next.put("conversationId", session);
            assertThat(api.post("/api/v1/playground/run", next, token).status()).isEqualTo(200);
        }
        long before = balance(token);
        Map<String, Object> oneTooMany = runBody(pkg, "haiku", "turn 21");
        oneTooMany.put("conversationId", session);
        Api.Response full = api.post("/api/v1/playground/run", oneTooMany, token);

        assertThat(full.status()).isEqualTo(409);
        assertThat(full.json().path("error").asString()).isEqualTo("conversation_too_long");
        assertThat(balance(token)).isEqualTo(before);
        assertThat(api.get("/api/v1/playground/sessions/" + session, token).json().path("messages")).hasSize(40);
    }

    @Test
    void idempotencyKeyReturnsTheFirstResultAndChargesOnce() {
        String token = api.signupToken();
        Map<String, Object> body = runBody(packageId("regex-helper"), "sonnet", "match an email");
        Map<String, String> key = Map.of("Idempotency-Key", "run-" + UUID.randomUUID());
        Api.Response first = api.post("/api/v1/playground/run", body, token, key);
        Api.Response again = api.post("/api/v1/playground/run", body, token, key);
        Api.Response otherBody = api.post("/api/v1/playground/run",
                runBody(packageId("regex-helper"), "sonnet", "something else"), token, key);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("runId").asString()).isEqualTo(first.json().path("runId").asString());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(balance(token)).isEqualTo(4);
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.json().path("error").asString()).isEqualTo("idempotency_conflict");
    }

    @Test
    void notEnoughCreditsIs402AndChargesNothing() {
        String token = api.signupToken();
        String pkg = packageId("code-reviewer");
        assertThat(api.post("/api/v1/playground/run", runBody(pkg, "opus", "review: x = 1"), token).status())
            .isEqualTo(200);
        Api.Response broke = api.post("/api/v1/playground/run", runBody(pkg, "opus", "review: y = 2"), token);
        assertThat(broke.status()).isEqualTo(402);
        assertThat(broke.json().path("required").asLong()).isEqualTo(3);
        assertThat(broke.json().path("available").asLong()).isEqualTo(2);
        assertThat(balance(token)).isEqualTo(2);
        assertThat(api.get("/api/v1/playground/sessions", token).json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void compareRunsBothSidesAndChargesBoth() {
        String token = api.signupToken();
        Map<String, Object> body = Map.of("input", "Summarise: the build is red", "left",
                Map.of("packageId", packageId("bug-triage"), "model", "sonnet"), "right",
                Map.of("packageId", packageId("incident-postmortem"), "model", "haiku"));
        JsonNode result = api.post("/api/v1/playground/compare", body, token).json();
        assertThat(result.path("results")).hasSize(2);
        assertThat(result.path("results").findValuesAsString("status")).containsOnly("succeeded");
        assertThat(balance(token)).isEqualTo(3);
        assertThat(api.get("/api/v1/playground/sessions", token).json().path("total").asLong()).isEqualTo(2);

        Map<String, Object> tooDear = Map.of("input", "x", "left",
                Map.of("packageId", packageId("bug-triage"), "model", "opus"), "right",
                Map.of("packageId", packageId("bug-triage"), "model", "opus"));
        Api.Response broke = api.post("/api/v1/playground/compare", tooDear, token);
        assertThat(broke.status()).isEqualTo(402);
        assertThat(broke.json().path("required").asLong()).isEqualTo(6);
        assertThat(balance(token)).as("the first hold was released").isEqualTo(3);
    }

    @Test
    void concurrentRunsOnOneSessionAllLand() throws Exception {
        String token = api.signupToken();
        String pkg = packageId("naming-helper");
        String session = api.post("/api/v1/playground/run", runBody(pkg, "haiku", "name a cache"), token)
            .json()
            .path("sessionId")
            .asString();
        List<Future<Api.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                Map<String, Object> body = runBody(pkg, "haiku", "another name " + i);
                body.put("conversationId", session);
                futures.add(pool.submit(() -> api.post("/api/v1/playground/run", body, token)));
            }
        }
        for (Future<Api.Response> future : futures) {
            assertThat(future.get().status()).isEqualTo(200);
        }
        JsonNode detail = api.get("/api/v1/playground/sessions/" + session, token).json();
        assertThat(detail.path("messages")).hasSize(10);
        assertThat(detail.path("creditsSpent").asLong()).isEqualTo(5);
        assertThat(balance(token)).isZero();
    }

    @Test
    void badRunsAreClearErrors() {
        String token = api.signupToken();
        String pkg = packageId("sql-explainer");
        assertThat(
                api.post("/api/v1/playground/run", runBody(pkg, "gpt-9", "hi"), token).json().path("error").asString())
            .isEqualTo("validation_failed");
        assertThat(api.post("/api/v1/playground/run", runBody(UUID.randomUUID().toString(), "sonnet", "hi"), token)
            .json()
            .path("error")
            .asString()).isEqualTo("package_not_found");
        assertThat(api.post("/api/v1/playground/run", runBody(pkg, "sonnet", ""), token).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/playground/run", runBody(pkg, "sonnet", "x".repeat(20_001)), token).status())
            .isEqualTo(400);
        Map<String, Object> tooLong = runBody(pkg, "sonnet", "hi");
        tooLong.put("maxOutputTokens", 10_000);
        assertThat(api.post("/api/v1/playground/run", tooLong, token).status()).isEqualTo(400);
        Map<String, Object> strangersSession = runBody(pkg, "sonnet", "hi");
        strangersSession.put("conversationId", UUID.randomUUID().toString());
        assertThat(api.post("/api/v1/playground/run", strangersSession, token).json().path("error").asString())
            .isEqualTo("session_not_found");
        assertThat(api.post("/api/v1/playground/run", runBody(pkg, "sonnet", "hi"), null).status()).isEqualTo(401);
        assertThat(balance(token)).isEqualTo(5);
        assertThat(api.get("/api/v1/playground/models").json().findValuesAsString("id")).contains("sonnet", "opus",
                "haiku", "gpt-4o", "gpt-4o-mini", "gpt-4-turbo");
    }

    @Test
    void streamingSendsDeltasThenTheResultAndCharges() {
        String token = api.signupToken();
        Api.Response response = api.post("/api/v1/playground/run/stream",
                runBody(packageId("shell-explainer"), "sonnet", "rm -rf /tmp/x"), token);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        assertThat(response.body()).contains("event:start").contains("event:delta").contains("event:done");
        assertThat(response.body().indexOf("event:done")).isGreaterThan(response.body().lastIndexOf("event:delta"));
        assertThat(balance(token)).isEqualTo(4);
    }

}
