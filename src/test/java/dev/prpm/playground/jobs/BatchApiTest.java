package dev.prpm.playground.jobs;

import static dev.prpm.playground.jobs.JobsApiTest.packageId;
import static dev.prpm.playground.jobs.JobsApiTest.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Batch evaluations over HTTP: one quote and ONE hold for the matrix, each cell settling
 * its own part, the rest released at the end, the ledger exact; 402 before anything is
 * queued; cancel; the matrix, totals, assertions and the CSV/JSON export.
 */
@IntegrationTest
class BatchApiTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobWorker worker;

    @Autowired
    CreditLedger ledger;

    @LocalServerPort
    int port;

    @AfterEach
    void resumeWorker() {
        worker.resume();
    }

    static Map<String, Object> batchBody(String pkg, List<String> models, List<String> inputs) {
        Map<String, Object> body = new HashMap<>();
        body.put("packageId", pkg);
        body.put("models", models);
        body.put("inputs", inputs);
        return body;
    }

    private String richUser(long credits) {
        String token = api.signupToken();
        ledger.grant(userId(api, token), Bucket.PURCHASED, credits, TransactionType.ADJUSTMENT,
                LedgerRefs.reason("batch test"));
        return token;
    }

    private long balance(String token) {
        return api.get("/api/v1/credits", token).json().path("balance").asLong();
    }

    private JsonNode awaitClosed(String batchId, String token) {
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> !api.get("/api/v1/playground/batches/" + batchId, token)
                .json()
                .path("finishedAt")
                .isMissingNode());
        return api.get("/api/v1/playground/batches/" + batchId, token).json();
    }

    @Test
    void aBatchRunsEveryCellFromOneHoldAndReleasesTheRestAtTheEnd() {
        String token = richUser(500);
        UUID user = userId(api, token);
        long before = balance(token);
        Map<String, Object> body = batchBody(packageId(api, "sql-explainer"), List.of("haiku", "sonnet"),
                List.of("SELECT 1", "SELECT 2", "SELECT * FROM t"));
        body.put("assertions", List.of(Map.of("type", "contains", "value", "demo"),
                Map.of("type", "regex", "value", "^\\[demo"), Map.of("type", "maxTokens", "value", 100000)));

        Api.Response submitted = api.post("/api/v1/playground/batches", body, token);

        assertThat(submitted.status()).isEqualTo(202);
        String batchId = submitted.json().path("batchId").asString();
        long quote = submitted.json().path("quote").asLong();
        assertThat(submitted.json().path("cells").asInt()).isEqualTo(6);
        assertThat(submitted.header("Location")).endsWith("/api/v1/playground/batches/" + batchId);
        assertThat(holds(user)).as("one hold for the whole matrix").isEqualTo(1);

        JsonNode batch = awaitClosed(batchId, token);

        assertThat(batch.path("status").asString()).isEqualTo("completed");
        assertThat(batch.path("cellsByStatus").path("succeeded").asInt()).isEqualTo(6);
        JsonNode cells = batch.path("cells");
        assertThat(cells).hasSize(6);
        long charged = 0;
        for (JsonNode cell : cells) {
            assertThat(cell.path("output").asString()).startsWith("[demo response");
            assertThat(cell.path("tokens").path("output").asInt()).isPositive();
            assertThat(cell.path("latencyMs").isMissingNode()).isFalse();
            assertThat(cell.path("passed").asBoolean()).isTrue();
            assertThat(cell.path("credits").asLong()).isBetween(1L, cell.path("estimatedCredits").asLong());
            charged += cell.path("credits").asLong();
        }
        assertThat(cells.get(3).path("inputIndex").asInt()).isEqualTo(1);
        assertThat(cells.get(3).path("model").asString()).isEqualTo("sonnet");
        assertThat(batch.path("assertionsPassed").asInt()).isEqualTo(6);
        assertThat(batch.path("credits").path("quote").asLong()).isEqualTo(quote);
        assertThat(batch.path("credits").path("charged").asLong()).isEqualTo(charged);
        assertThat(batch.path("credits").path("released").asLong()).isEqualTo(quote - charged);
        JsonNode totals = batch.path("totals");
        assertThat(totals.findValuesAsString("model")).containsExactly("haiku", "sonnet");
        assertThat(totals.get(0).path("cells").asInt()).isEqualTo(3);
        assertThat(totals.get(0).path("failures").asInt()).isZero();
        assertThat(totals.get(0).path("p95LatencyMs").isMissingNode()).isFalse();
        assertThat(totals.get(0).path("credits").asLong() + totals.get(1).path("credits").asLong()).isEqualTo(charged);

        assertThat(balance(token)).as("balance = before - what the cells were charged").isEqualTo(before - charged);
        UUID envelope = jdbc.sql("SELECT reservation_id FROM playground_batches WHERE id = :id")
            .param("id", UUID.fromString(batchId))
            .query(UUID.class)
            .single();
        assertThat(jdbc
            .sql("SELECT status || ':' || settled_amount || ':' || amount FROM credit_reservations WHERE id = :r")
            .param("r", envelope)
            .query(String.class)
            .single()).isEqualTo("settled:" + charged + ":" + (quote - charged));
        assertThat(jdbc.sql("SELECT count(*) FROM credit_transactions WHERE reservation_id = :r AND type = 'spend'")
            .param("r", envelope)
            .query(Long.class)
            .single()).isEqualTo(6);
        assertThat(holds(user)).isEqualTo(1);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void aBatchThatCannotBePaidIsRefusedWithNothingQueued() {
        String token = api.signupToken();
        UUID user = userId(api, token);
        String pkg = packageId(api, "sql-explainer");

        Api.Response poor = api.post("/api/v1/playground/batches",
                batchBody(pkg, List.of("opus", "gpt-4-turbo", "sonnet", "haiku"), List.of("a", "b", "c", "d", "e")),
                token);
        Map<String, Object> capped = batchBody(pkg, List.of("haiku"), List.of("a", "b", "c"));
        capped.put("maxCredits", 1);
        Api.Response overMax = api.post("/api/v1/playground/batches", capped, token);

        assertThat(poor.status()).isEqualTo(402);
        assertThat(poor.json().path("error").asString()).isEqualTo("insufficient_credits");
        assertThat(overMax.status()).isEqualTo(402);
        assertThat(overMax.json().path("error").asString()).isEqualTo("max_credits_exceeded");
        assertThat(overMax.json().path("quote").asLong()).isGreaterThan(1);
        assertThat(jdbc.sql("SELECT count(*) FROM playground_batches WHERE user_id = :u")
            .param("u", user)
            .query(Long.class)
            .single()).isZero();
        assertThat(holds(user)).isZero();
        assertThat(balance(token)).isEqualTo(5);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void invalidBatchesAreRejectedAsValidationErrors() {
        String token = api.signupToken();
        String pkg = packageId(api, "sql-explainer");
        Map<String, Object> regex = batchBody(pkg, List.of("haiku"), List.of("a"));
        regex.put("assertions", List.of(Map.of("type", "regex", "value", "([")));

        assertThat(api
            .post("/api/v1/playground/batches",
                    batchBody(pkg, List.of("haiku", "sonnet", "opus", "gpt-4o", "gpt-4o-mini"), List.of("a")), token)
            .status()).isEqualTo(400);
        assertThat(
                api.post("/api/v1/playground/batches", batchBody(pkg, List.of("haiku", "haiku"), List.of("a")), token)
                    .status())
            .isEqualTo(400);
        assertThat(api.post("/api/v1/playground/batches", regex, token).json().path("error").asString())
            .isEqualTo("validation_failed");
    }

    @Test
    void cancellingAQueuedBatchStopsEveryCellAndReleasesTheWholeHold() {
        String token = richUser(100);
        UUID user = userId(api, token);
        long before = balance(token);
        worker.pause();
        String batchId = api
            .post("/api/v1/playground/batches",
                    batchBody(packageId(api, "sql-explainer"), List.of("haiku", "sonnet"), List.of("x", "y")), token)
            .json()
            .path("batchId")
            .asString();
        assertThat(balance(token)).isLessThan(before);

        Api.Response cancelled = api.delete("/api/v1/playground/batches/" + batchId, token);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.json().path("cellsByStatus").path("cancelled").asInt()).isEqualTo(4);
        assertThat(cancelled.json().path("credits").path("released").asLong())
            .isEqualTo(cancelled.json().path("credits").path("quote").asLong());
        assertThat(balance(token)).isEqualTo(before);
        worker.resume();
        assertThat(api.get("/api/v1/playground/batches/" + batchId, token)
            .json()
            .path("cellsByStatus")
            .path("succeeded")
            .asInt()).isZero();
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void theMatrixExportsAsCsvAndJsonAndIsNobodyElses() throws Exception {
        String token = richUser(100);
        Map<String, Object> body = batchBody(packageId(api, "sql-explainer"), List.of("haiku"),
                List.of("=cmd()", "with, comma"));
        body.put("assertions", List.of(Map.of("type", "contains", "value", "never in a demo answer")));
        String batchId = api.post("/api/v1/playground/batches", body, token).json().path("batchId").asString();
        JsonNode closed = awaitClosed(batchId, token);
        assertThat(closed.path("assertionsPassed").asInt()).isZero();
        assertThat(closed.path("cells").get(0).path("passed").asBoolean()).isFalse();

        HttpResponse<String> csv = HttpClient.newHttpClient()
            .send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/playground/batches/" + batchId))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/csv")
                .build(), HttpResponse.BodyHandlers.ofString());
        Api.Response json = api.get("/api/v1/playground/batches/" + batchId + "?format=json", token);
        Api.Response csvByParam = api.get("/api/v1/playground/batches/" + batchId + "?format=csv", token);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        String text = csv.body();
        assertThat(text).startsWith("cell,input_index,input,model,status,attempts,output,")
            .contains("\r\n0,0,'=cmd(),haiku,succeeded,1,")
            .contains("\r\n1,1,\"with, comma\",haiku,succeeded,1,")
            .contains(",false,\r\n")
            .endsWith("\r\n");
        assertThat(csvByParam.header("Content-Disposition")).contains("batch-" + batchId + ".csv");
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(json.header("Content-Disposition")).contains(".json");
        assertThat(json.json().path("cells")).hasSize(2);

        String stranger = api.signupToken();
        assertThat(api.get("/api/v1/playground/batches/" + batchId, stranger).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/playground/batches/" + batchId, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/playground/batches/" + batchId + "?format=xml", token).status()).isEqualTo(400);
    }

    private long holds(UUID user) {
        return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u AND type = 'reservation_hold'")
            .param("u", user)
            .query(Long.class)
            .single();
    }

}
