package dev.prpm.playground.jobs;

import static dev.prpm.playground.jobs.JobsApiTest.packageId;
import static dev.prpm.playground.jobs.JobsApiTest.runBody;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Jobs survive their worker: a job whose worker died (its lease expired) runs again and
 * is charged once, a revived worker cannot commit it a second time, and a queue of 200
 * jobs drains with at most {@code concurrency} running on this instance, the ledger
 * exact.
 */
@IntegrationTest
class JobsDurabilityTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobWorker worker;

    @Autowired
    JobRepository jobs;

    @Autowired
    JobRunner runner;

    @Autowired
    JobProperties properties;

    @Autowired
    CreditLedger ledger;

    @AfterEach
    void resumeWorker() {
        worker.resume();
    }

    @Test
    void aJobWhoseWorkerDiedRunsAgainAndIsChargedExactlyOnce() {
        worker.pause();
        String token = api.signupToken();
        UUID user = userId(api, token);
        UUID jobId = submit(token, "haiku");
        UUID deadToken = UUID.randomUUID();
        dieWhileRunning(jobId, deadToken);
        Job asTheDeadWorkerSawIt = jobs.find(jobId, user).orElseThrow();

        worker.resume();
        Job done = awaitEnd(jobId, user);

        assertThat(done.status()).isEqualTo(Job.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
        runner.run(asTheDeadWorkerSawIt, new JobRunner.Lease(jobId, deadToken));

        assertThat(spends(done.reservationId())).as("one charge, even after the dead worker came back").isEqualTo(1);
        assertThat(reservationStatus(done.reservationId())).isEqualTo("settled");
        assertThat(api.get("/api/v1/playground/sessions", token).json().path("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(4);
        assertThat(jobs.find(jobId, user).orElseThrow().status()).isEqualTo(Job.SUCCEEDED);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void aCancelledJobOfADeadWorkerIsReleasedNotRun() {
        worker.pause();
        String token = api.signupToken();
        UUID user = userId(api, token);
        UUID jobId = submit(token, "opus");
        dieWhileRunning(jobId, UUID.randomUUID());

        assertThat(api.delete("/api/v1/playground/jobs/" + jobId, token).status()).isEqualTo(202);
        worker.resume();
        Job done = awaitEnd(jobId, user);

        assertThat(done.status()).isEqualTo(Job.CANCELLED);
        assertThat(spends(done.reservationId())).isZero();
        assertThat(reservationStatus(done.reservationId())).isEqualTo("released");
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(5);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void twoHundredQueuedJobsDrainWithTenAtATimeAndTheLedgerExact() throws Exception {
        int users = 20;
        int perUser = 10;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String token = api.signupToken();
            ledger.grant(userId(api, token), Bucket.PURCHASED, 100, TransactionType.ADJUSTMENT,
                    LedgerRefs.reason("drain test"));
            tokens.add(token);
        }
        String pkg = packageId(api, "sql-explainer");
        worker.pause();
        worker.resetHighWater();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<UUID> submitted = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<?>> all = new ArrayList<>();
            for (int n = 0; n < users * perUser; n++) {
                String token = tokens.get(n % users);
                int input = n;
                all.add(clients.submit(() -> {
                    long t0 = System.nanoTime();
                    Api.Response response = api.post("/api/v1/playground/jobs", runBody(pkg, "haiku", "drain " + input),
                            token);
                    latencies.add((System.nanoTime() - t0) / 1_000_000);
                    assertThat(response.status()).isEqualTo(202);
                    submitted.add(UUID.fromString(response.json().path("jobId").asString()));
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM playground_jobs WHERE id IN (:ids) AND status = 'queued'")
            .param("ids", submitted)
            .query(Long.class)
            .single()).as("all 200 queued before the worker drains them").isEqualTo(users * perUser);
        worker.resume();
        await().atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> jdbc.sql("SELECT count(*) FROM playground_jobs WHERE id IN (:ids) AND status = 'succeeded'")
                .param("ids", submitted)
                .query(Long.class)
                .single() == users * perUser);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = latencies.stream().sorted().toList();
        System.out.printf("jobs.drain jobs=%d seconds=%.1f rate=%.1f/s submitP50=%dms submitP95=%dms highWater=%d%n",
                sorted.size(), seconds, sorted.size() / seconds, sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1), worker.highWater());

        assertThat(worker.highWater()).isBetween(1, properties.concurrency());
        assertThat(jdbc.sql("""
                SELECT count(*) FROM credit_transactions t JOIN playground_jobs j ON j.reservation_id = t.reservation_id
                WHERE j.id IN (:ids) AND t.type = 'spend'""").param("ids", submitted).query(Long.class).single())
            .isEqualTo(users * perUser);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM credit_reservations r JOIN playground_jobs j ON j.reservation_id = r.id
                WHERE j.id IN (:ids) AND r.status <> 'settled'""").param("ids", submitted).query(Long.class).single())
            .isZero();
        for (String token : tokens) {
            UUID user = userId(api, token);
            long charged = jdbc.sql("""
                    SELECT coalesce(sum((result -> 'credits' ->> 'charged')::bigint), 0) FROM playground_jobs
                    WHERE user_id = :user""").param("user", user).query(Long.class).single();
            assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(105 - charged);
            LedgerInvariants.assertHold(jdbc, user);
        }
    }

    private UUID submit(String token, String model) {
        Api.Response response = api.post("/api/v1/playground/jobs",
                runBody(packageId(api, "sql-explainer"), model, "job " + UUID.randomUUID()), token);
        assertThat(response.status()).isEqualTo(202);
        return UUID.fromString(response.json().path("jobId").asString());
    }

    /**
     * What a worker killed mid-job leaves behind: running, attempt 1, a lease that
     * expired.
     */
    private void dieWhileRunning(UUID jobId, UUID leaseToken) {
        jdbc.sql("""
                UPDATE playground_jobs SET status = 'running', attempts = 1, lease_owner = 'killed-instance',
                    lease_token = :token, lease_expires_at = now() - interval '1 second', started_at = now()
                WHERE id = :id AND status = 'queued'""").param("token", leaseToken).param("id", jobId).update();
    }

    private Job awaitEnd(UUID jobId, UUID user) {
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> jobs.find(jobId, user).orElseThrow().finished());
        return jobs.find(jobId, user).orElseThrow();
    }

    private long spends(UUID reservationId) {
        return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE reservation_id = :r AND type = 'spend'")
            .param("r", reservationId)
            .query(Long.class)
            .single();
    }

    private String reservationStatus(UUID reservationId) {
        return jdbc.sql("SELECT status FROM credit_reservations WHERE id = :r")
            .param("r", reservationId)
            .query(String.class)
            .single();
    }

}
