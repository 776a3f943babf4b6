package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue #18's overload benchmark: N concurrent blocking runs (one burst each level)
 * against a model that answers after 5 s; per level the statuses, latency, answers lost,
 * holds left open and the heap. Not in the default run:
 * {@code ./mvnw test -Djacoco.skip=true -Dtest=OverloadBenchmark -Doverload.levels=500,2000,5000,10000}
 * (add {@code -Doverload.admission=100000} to measure without admission control).
 */
@IntegrationTest
@DirtiesContext
class OverloadBenchmark {

    static final ProviderSimulator SIMULATOR = ProviderSimulator.start();

    static final int[] LEVELS = Arrays.stream(System.getProperty("overload.levels", "500,2000").split(","))
        .mapToInt(Integer::parseInt)
        .toArray();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prpm.ai.providers.anthropic.api-key", () -> "sk-ant-bench");
        registry.add("prpm.ai.providers.anthropic.base-url", SIMULATOR::baseUrl);
        registry.add("prpm.admission.max-concurrent-runs", () -> System.getProperty("overload.admission", "1000"));
        registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
        registry.add("logging.level.playground.run", () -> "ERROR");
        registry.add("logging.level.audit.auth", () -> "WARN");
        registry.add("logging.level.audit.credits", () -> "WARN");
    }

    @AfterAll
    static void stop() {
        SIMULATOR.close();
    }

    @Autowired
    Api api;

    @Autowired
    CreditLedger ledger;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void burstsOfConcurrentRuns() throws Exception {
        SIMULATOR.recordRequests(false).latency(Duration.ofSeconds(5)).usage(300, 200);
        String pkg = api.get("/api/v1/packages?q=code-reviewer").json().path("items").get(0).path("id").asString();
        int maxLevel = Arrays.stream(LEVELS).max().orElseThrow();
        List<String> tokens = users(Math.max(1, maxLevel / 4));
        System.out.println(OverloadBurst.HEADER);
        for (int level : LEVELS) {
            AtomicLong maxHeap = new AtomicLong();
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                            Math::max);
                    try {
                        Thread.sleep(100);
                    }
                    catch (InterruptedException e) {
                        return;
                    }
                }
            });
            double lostBefore = meters.counter("prpm.runs.answers.lost").count();
            long answeredBefore = SIMULATOR.answered();
            long settledBefore = settled();
            OverloadBurst.Result result = OverloadBurst.fire(port, pkg, tokens, level);
            sampler.interrupt();
            await().atMost(Duration.ofMinutes(2))
                .until(() -> jdbc.sql("SELECT count(*) FROM credit_reservations WHERE status = 'active'")
                    .query(Long.class)
                    .single() == 0);
            long open = jdbc.sql("SELECT count(*) FROM credit_reservations WHERE status = 'active'")
                .query(Long.class)
                .single();
            long unsettled = (SIMULATOR.answered() - answeredBefore) - (settled() - settledBefore);
            System.out.println(
                    result.row(String.format("%.0f / %d", meters.counter("prpm.runs.answers.lost").count() - lostBefore,
                            unsettled), open, (maxHeap.get() >> 20) + " MB (test JVM)"));
            assertThat(result.other5xx()).as("no 500s").isZero();
            assertThat(open).as("no hold left open").isZero();
        }
    }

    private long settled() {
        return jdbc.sql("SELECT count(*) FROM credit_reservations WHERE status = 'settled'").query(Long.class).single();
    }

    private List<String> users(int n) throws Exception {
        List<String> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < n; i++) {
                pool.execute(() -> {
                    var signup = api.signup("overload-" + UUID.randomUUID() + "@example.com").json();
                    ledger.grant(UUID.fromString(signup.path("user").path("id").asString()), Bucket.PURCHASED, 100_000,
                            TransactionType.PURCHASE, LedgerRefs.reason("benchmark"));
                    tokens.add(signup.path("token").asString());
                });
            }
        }
        return tokens;
    }

}
