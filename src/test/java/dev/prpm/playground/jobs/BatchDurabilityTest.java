package dev.prpm.playground.jobs;

import static dev.prpm.playground.jobs.BatchApiTest.batchBody;
import static dev.prpm.playground.jobs.JobsApiTest.packageId;
import static dev.prpm.playground.jobs.JobsApiTest.userId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A batch's envelope is never leaked: when the instance died between its last cell's end
 * and the batch's close, a worker's heartbeat closes it and releases the rest.
 */
@IntegrationTest
class BatchDurabilityTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobWorker worker;

    @Autowired
    CreditLedger ledger;

    @AfterEach
    void resumeWorker() {
        worker.resume();
    }

    @Test
    void aBatchWhoseCloseWasMissedIsClosedByTheHeartbeatAndItsEnvelopeReleased() {
        worker.pause();
        String token = api.signupToken();
        UUID user = userId(api, token);
        ledger.grant(user, Bucket.PURCHASED, 100, TransactionType.ADJUSTMENT, LedgerRefs.reason("test"));
        long before = api.get("/api/v1/credits", token).json().path("balance").asLong();
        String batchId = api
            .post("/api/v1/playground/batches",
                    batchBody(packageId(api, "sql-explainer"), List.of("haiku"), List.of("a", "b")), token)
            .json()
            .path("batchId")
            .asString();
        // The cells ended (here: failed) and the instance died before closing the batch.
        jdbc.sql("UPDATE playground_jobs SET status = 'failed', finished_at = now() WHERE batch_id = :b")
            .param("b", UUID.fromString(batchId))
            .update();
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isLessThan(before);

        worker.closeMissedBatches();

        JsonNode batch = api.get("/api/v1/playground/batches/" + batchId, token).json();
        assertThat(batch.path("status").asString()).isEqualTo("completed");
        assertThat(batch.path("credits").path("released").asLong())
            .isEqualTo(batch.path("credits").path("quote").asLong());
        assertThat(batch.path("totals").get(0).path("failures").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(before);
        assertThat(jdbc.sql("""
                SELECT r.status FROM credit_reservations r JOIN playground_batches b ON b.reservation_id = r.id
                WHERE b.id = :b""").param("b", UUID.fromString(batchId)).query(String.class).single())
            .isEqualTo("released");
        LedgerInvariants.assertHold(jdbc, user);
    }

}
