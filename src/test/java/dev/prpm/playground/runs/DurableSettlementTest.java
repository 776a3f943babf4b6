package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
import dev.prpm.playground.credits.CreditQueries;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.credits.Reservations;
import dev.prpm.playground.idempotency.Idempotency;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue #18: an answer kept for background settlement is on disk before the request is
 * answered, so a restarted process settles it — once: replaying a file whose settlement
 * already committed (the process died before deleting it) charges nothing again.
 */
@IntegrationTest
class DurableSettlementTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RunPreparer preparer;

    @Autowired
    RunExecutor executor;

    @Autowired
    RunCommitter committer;

    @Autowired
    Finishing finishing;

    @Autowired
    Reservations reservations;

    @Autowired
    CreditQueries credits;

    @Autowired
    Idempotency idempotency;

    @Autowired
    ObjectMapper json;

    @TempDir
    Path spool;

    @Test
    void aKeptAnswerSurvivesARestartAndIsSettledOnce() throws Exception {
        var signup = api.signup("spool-" + UUID.randomUUID() + "@example.com").json();
        UUID userId = UUID.fromString(signup.path("user").path("id").asString());
        String token = signup.path("token").asString();
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        RunRequest request = new RunRequest(UUID.fromString(pkg), null, "sonnet", "kept across a restart", null, null,
                null);
        PreparedRun run = preparer.prepare(new CurrentUser(userId, "spool@example.com", Tier.FREE), request);
        Reservation hold = executor.hold(run);
        Answer answer = new Answer("the answer", 120, 80, run.model(), null, false, 1);
        AtomicReference<Idempotency.ClaimRef> claim = new AtomicReference<>();
        try {
            idempotency.executeRecorded(userId, "spool-key", "playground.run", request, c -> {
                claim.set(c.ref());
                c.keepOnFailure();
                throw new PlaygroundExceptions.AnswerKept(run.runId());
            });
        }
        catch (PlaygroundExceptions.AnswerKept expected) {
            // the request failed with the answer kept, as when no connection was left
        }

        settler().keep(run, hold, answer, 5_000, claim.get());
        Path file = spool.resolve(run.runId() + ".json");
        assertThat(file).exists();
        byte[] spooled = Files.readAllBytes(file);
        assertThat(sessions(userId)).as("nothing committed yet").isZero();

        BackgroundSettler restarted = settler();
        assertThat(restarted.pending()).isEqualTo(1);
        restarted.settleAll();
        assertThat(restarted.pending()).isZero();
        assertThat(sessions(userId)).as("the kept answer is saved").isEqualTo(1);
        assertThat(credits.holdSettled(hold.id())).isTrue();
        long rows = ledgerRows(userId);
        Api.Response replayed = api.post("/api/v1/playground/run",
                Map.of("packageId", pkg, "model", "sonnet", "input", "kept across a restart"), token,
                Map.of("Idempotency-Key", "spool-key"));
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.json().path("output").asString()).isEqualTo("the answer");

        // died after the commit, before deleting the file: the replay only deletes it
        Files.write(file, spooled);
        BackgroundSettler again = settler();
        again.settleAll();
        again.settleAll();
        assertThat(file).doesNotExist();
        assertThat(sessions(userId)).isEqualTo(1);
        assertThat(ledgerRows(userId)).as("not charged twice").isEqualTo(rows);
        LedgerInvariants.assertHold(jdbc, userId);
    }

    private BackgroundSettler settler() {
        return new BackgroundSettler(new SettlementSpoolProperties(spool.toString(), true, Duration.ofMillis(500)),
                json, committer, finishing, reservations, credits, idempotency, new SimpleMeterRegistry());
    }

    private long sessions(UUID user) {
        return jdbc.sql("SELECT count(*) FROM sessions WHERE user_id = :u").param("u", user).query(Long.class).single();
    }

    private long ledgerRows(UUID user) {
        return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u")
            .param("u", user)
            .query(Long.class)
            .single();
    }

}
