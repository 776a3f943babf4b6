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
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Submit latency and drain rate of the job queue against the provider simulator answering
 * after 100 ms and after 2 s: 200 jobs of 20 users submitted over HTTP by 8 clients, one
 * instance with concurrency 10. Not in the default run; run with
 * {@code ./mvnw -B -ntp test -Djacoco.skip=true -Dtest=JobDrainBenchmark} and read the
 * {@code BENCH jobs} lines.
 */
@IntegrationTest
@DirtiesContext
class JobDrainBenchmark {

    static final int USERS = 20;

    static final int PER_USER = 10;

    static final ProviderSimulator SIMULATOR = ProviderSimulator.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prpm.ai.providers.anthropic.api-key", () -> "sk-ant-bench");
        registry.add("prpm.ai.providers.anthropic.base-url", SIMULATOR::baseUrl);
        registry.add("logging.level.playground.jobs", () -> "WARN");
        registry.add("logging.level.playground.run", () -> "WARN");
        registry.add("logging.level.audit.credits", () -> "WARN");
    }

    @AfterAll
    static void stop() {
        SIMULATOR.close();
    }

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobWorker worker;

    @Autowired
    JobProperties properties;

    @Autowired
    CreditLedger ledger;

    @Test
    void submitLatencyAndDrainRateAt100MsAnd2SecondsModelLatency() throws Exception {
        for (Duration latency : List.of(Duration.ofMillis(100), Duration.ofSeconds(2))) {
            SIMULATOR.recordRequests(false).latency(latency).usage(300, 200);
            drain(latency);
        }
    }

    private void drain(Duration latency) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String token = api.signupToken();
            ledger.grant(userId(api, token), Bucket.PURCHASED, 10_000, TransactionType.PURCHASE,
                    LedgerRefs.reason("benchmark"));
            tokens.add(token);
        }
        String pkg = packageId(api, "code-reviewer");
        worker.resetHighWater();
        List<Long> submitMs = Collections.synchronizedList(new ArrayList<>());
        List<UUID> ids = Collections.synchronizedList(new ArrayList<>());
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<?>> all = new ArrayList<>();
            for (int n = 0; n < USERS * PER_USER; n++) {
                String token = tokens.get(n % USERS);
                int input = n;
                all.add(clients.submit(() -> {
                    long t0 = System.nanoTime();
                    Api.Response response = api.post("/api/v1/playground/jobs",
                            runBody(pkg, "sonnet", "bench " + input), token);
                    submitMs.add((System.nanoTime() - t0) / 1_000_000);
                    assertThat(response.status()).isEqualTo(202);
                    ids.add(UUID.fromString(response.json().path("jobId").asString()));
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        double submitted = (System.nanoTime() - start) / 1e9;
        await().atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> jdbc.sql("SELECT count(*) FROM playground_jobs WHERE id IN (:ids) AND status = 'succeeded'")
                .param("ids", ids)
                .query(Long.class)
                .single() == ids.size());
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = submitMs.stream().sorted().toList();
        System.out.printf(
                "BENCH jobs: model latency %d ms, %d jobs of %d users, concurrency %d: submitted in %.1f s, "
                        + "drained in %.1f s = %.2f jobs/s (ceiling %.2f); submit p50 %d ms p95 %d ms; "
                        + "most running at once %d; load avg at start %s%n",
                latency.toMillis(), ids.size(), USERS, properties.concurrency(), submitted, seconds,
                ids.size() / seconds, properties.concurrency() * 1000.0 / latency.toMillis(),
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                worker.highWater(), load);
        assertThat(worker.highWater()).isEqualTo(properties.concurrency());
        for (String token : tokens) {
            LedgerInvariants.assertHold(jdbc, userId(api, token));
        }
    }

}
