package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue #16, item 2: every run carries a receipt that matches its ledger rows exactly.
 */
@IntegrationTest
class ReceiptTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theReceiptOfARunMatchesItsLedgerRowsAndCanBeReadLater() {
        String token = api.signupToken();
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        var run = api.post("/api/v1/playground/run", Map.of("packageId", pkg, "model", "opus", "input", "SELECT 1"),
                token);
        assertThat(run.status()).isEqualTo(200);
        JsonNode receipt = run.json().path("receipt");
        UUID runId = UUID.fromString(run.json().path("runId").asString());

        var ledger = jdbc.sql("""
                SELECT coalesce(-sum(delta_monthly), 0) AS monthly, coalesce(-sum(delta_rollover), 0) AS rollover,
                       coalesce(-sum(delta_purchased), 0) AS purchased, coalesce(-sum(amount), 0) AS total
                FROM credit_transactions WHERE run_id = :run AND type IN ('spend', 'overdraft')""")
            .param("run", runId)
            .query()
            .singleRow();
        assertThat(receipt.path("paid").path("monthly").asLong())
            .isEqualTo(((Number) ledger.get("monthly")).longValue());
        assertThat(receipt.path("paid").path("rollover").asLong())
            .isEqualTo(((Number) ledger.get("rollover")).longValue());
        assertThat(receipt.path("paid").path("purchased").asLong())
            .isEqualTo(((Number) ledger.get("purchased")).longValue());
        assertThat(run.json().path("credits").path("charged").asLong())
            .isEqualTo(((Number) ledger.get("total")).longValue())
            .isEqualTo(receipt.path("paid").path("purchased").asLong())
            .isPositive();
        assertThat(receipt.path("servedBy").asString()).isEqualTo("opus");
        assertThat(receipt.path("attempts").asInt()).isEqualTo(1);
        assertThat(receipt.path("priceVersion").asString()).startsWith("p-");

        var later = api.get("/api/v1/playground/runs/" + runId + "/receipt", token);
        assertThat(later.status()).isEqualTo(200);
        assertThat(later.json().path("paid")).isEqualTo(receipt.path("paid"));
        assertThat(later.json().path("credits").asLong())
            .isEqualTo(run.json().path("credits").path("charged").asLong());
        assertThat(later.json().path("model").asString()).isEqualTo("opus");
        assertThat(later.json().path("priceVersion").asString()).isEqualTo(receipt.path("priceVersion").asString());

        var session = api.get("/api/v1/playground/sessions/" + run.json().path("sessionId").asString(), token);
        assertThat(session.json().path("messages").get(1).path("paid")).isEqualTo(receipt.path("paid"));
    }

    @Test
    void someoneElsesReceiptIsNotFound() {
        String owner = api.signupToken();
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        var run = api.post("/api/v1/playground/run", Map.of("packageId", pkg, "model", "sonnet", "input", "SELECT 2"),
                owner);
        var other = api.get("/api/v1/playground/runs/" + run.json().path("runId").asString() + "/receipt",
                api.signupToken());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().path("error").asString()).isEqualTo("run_not_found");
    }

}
