package dev.prpm.playground.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.MutableClock;
import dev.prpm.playground.support.TestUsers;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Claims outlive a crash only for their lease, and a run's stored response commits with
 * its charge (issue #11, finding 5).
 */
@IntegrationTest
class IdempotencyClaimsTest {

    @Autowired
    Idempotency idempotency;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Api api;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aClaimLeftByACrashIsTakenOverOnceItsLeaseRunsOut() {
        UUID user = TestUsers.create(jdbc);
        String key = "crash-" + UUID.randomUUID();
        // the instance dies mid-request: nothing gets to forget the claim
        assertThatThrownBy(() -> idempotency.execute(user, key, "test.lease", "request", () -> {
            throw new StackOverflowError("stand-in for the process dying");
        })).isInstanceOf(StackOverflowError.class);

        assertThatThrownBy(() -> idempotency.execute(user, key, "test.lease", "request", () -> ResponseEntity.ok("x")))
            .isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_IN_PROGRESS));

        clock.advance(Duration.ofMinutes(11));
        ResponseEntity<?> retried = idempotency.execute(user, key, "test.lease", "request",
                () -> ResponseEntity.ok(Map.of("done", true)));
        assertThat(retried.getStatusCode().value()).isEqualTo(200);
        ResponseEntity<?> replayed = idempotency.execute(user, key, "test.lease", "request",
                () -> ResponseEntity.ok(Map.of("done", false)));
        assertThat(replayed.getHeaders().getFirst(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(replayed.getBody()).hasToString("{\"done\":true}");
        assertThatThrownBy(
                () -> idempotency.execute(user, key, "test.lease", "another request", () -> ResponseEntity.ok("x")))
            .isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT));
    }

    @Test
    void whenRecordingTheResponseFailsTheRunIsNotChargedSoARetryChargesOnce() {
        String token = api.signupToken();
        UUID user = UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        Map<String, Object> body = Map.of("packageId", pkg, "model", "haiku", "input", "SELECT 1");
        Map<String, String> key = Map.of("Idempotency-Key", "fail-record-" + UUID.randomUUID());
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION test_fail_idempotency_record() RETURNS trigger AS $$
                BEGIN
                  IF NEW.key LIKE 'fail-record-%' AND NEW.status = 'completed' THEN
                    RAISE EXCEPTION 'simulated failure to record the idempotent response';
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""").update();
        jdbc.sql("""
                CREATE TRIGGER test_fail_idempotency_record BEFORE UPDATE ON idempotency_keys
                FOR EACH ROW EXECUTE FUNCTION test_fail_idempotency_record()""").update();
        Api.Response failed;
        try {
            failed = api.post("/api/v1/playground/run", body, token, key);
        }
        finally {
            jdbc.sql("DROP TRIGGER test_fail_idempotency_record ON idempotency_keys").update();
        }
        assertThat(failed.status()).isEqualTo(500);
        assertThat(balance(token)).as("the run rolled back with its record").isEqualTo(5);

        Api.Response retry = api.post("/api/v1/playground/run", body, token, key);
        Api.Response again = api.post("/api/v1/playground/run", body, token, key);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(again.json().path("runId").asString()).isEqualTo(retry.json().path("runId").asString());
        assertThat(balance(token)).isEqualTo(5 - retry.json().path("credits").path("charged").asLong());
        assertThat(jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u AND type = 'spend'")
            .param("u", user)
            .query(Long.class)
            .single()).isEqualTo(1);
        LedgerInvariants.assertHold(jdbc, user);
    }

    private long balance(String token) {
        return api.get("/api/v1/credits", token).json().path("balance").asLong();
    }

}
