package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Latency that /api/v1/playground/run adds on top of the model: the simulator answers
 * every call after a fixed {@value #MODEL_LATENCY_MS} ms; the difference is our overhead
 * (auth, validation, package load, hold, settle + session + usage commit). Durable
 * embedded PostgreSQL (fsync on). Not in the default run; run with
 * {@code ./mvnw test -Dtest=RunLatencyBenchmark -Djacoco.skip=true} ({@code
 * -Dbench.concurrency=16} for another number of concurrent clients than 32, the issue's
 * goal; {@code -Dbench.sampling=1.0} to record every trace, the suite's setting, instead
 * of production's 10 %).
 */
@IntegrationTest
@DirtiesContext
class RunLatencyBenchmark {

    static final int MODEL_LATENCY_MS = 100;
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
    static final int USERS = 100;
    static final int WARMUP = 300;
    static final int REQUESTS = 3_000;
    static final ProviderSimulator SIMULATOR = ProviderSimulator.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prpm.ai.providers.anthropic.api-key", () -> "sk-ant-bench");
        registry.add("prpm.ai.providers.anthropic.base-url", SIMULATOR::baseUrl);
        registry.add("prpm.embedded-db.fsync", () -> "true");
        registry.add("management.tracing.sampling.probability", () -> System.getProperty("bench.sampling", "0.1"));
        registry.add("logging.level.playground.run", () -> "WARN");
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

    @Test
    void runOverheadAboveModelLatency() throws Exception {
        SIMULATOR.recordRequests(false).latency(Duration.ofMillis(MODEL_LATENCY_MS)).usage(300, 200);
        String pkg = api.get("/api/v1/packages?q=code-reviewer").json().path("items").get(0).path("id").asString();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            var signup = api.signup("bench-" + UUID.randomUUID() + "@example.com").json();
            ledger.grant(UUID.fromString(signup.path("user").path("id").asString()), Bucket.PURCHASED, 100_000,
                    TransactionType.PURCHASE, LedgerRefs.reason("benchmark"));
            tokens.add(signup.path("token").asString());
        }
        load(pkg, tokens, WARMUP);
        long started = System.nanoTime();
        long[] latencies = load(pkg, tokens, REQUESTS);
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(
                "BENCH run: %d requests, %d concurrent clients, %d users, model latency %d ms, "
                        + "%.1f req/s; total p50 %.1f ms p95 %.1f ms p99 %.1f ms; added over the model p50 %.1f ms "
                        + "p95 %.1f ms p99 %.1f ms%n",
                REQUESTS, CONCURRENCY, USERS, MODEL_LATENCY_MS, REQUESTS / seconds, pct(latencies, 0.50),
                pct(latencies, 0.95), pct(latencies, 0.99), pct(latencies, 0.50) - MODEL_LATENCY_MS,
                pct(latencies, 0.95) - MODEL_LATENCY_MS, pct(latencies, 0.99) - MODEL_LATENCY_MS);
        assertThat(latencies[0]).isPositive();
    }

    private long[] load(String pkg, List<String> tokens, int requests) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
            for (int c = 0; c < CONCURRENCY; c++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        String token = tokens.get(i % tokens.size());
                        long began = System.nanoTime();
                        int status = api
                            .post("/api/v1/playground/run",
                                    Map.of("packageId", pkg, "model", "sonnet", "input", "review request " + i), token)
                            .status();
                        latencies[i] = System.nanoTime() - began;
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        assertThat(failures.get()).isZero();
        return latencies;
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

}
