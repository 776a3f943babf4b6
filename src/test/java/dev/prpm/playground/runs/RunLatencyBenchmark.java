package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.simulator.SimulatorProcess;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.BenchRecording;
import dev.prpm.playground.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * (auth, validation, package load, hold, the provider adapter's HTTP call, settle +
 * session + usage commit). Durable embedded PostgreSQL (fsync on). Prints runs/s, added
 * p50/p95/p99 and the CPU per run of this JVM, of PostgreSQL and of a child simulator.
 * Not in the default run; run with
 * {@code ./mvnw test -Dtest=RunLatencyBenchmark -Djacoco.skip=true} ({@code
 * -Dbench.concurrency=16} for another number of concurrent clients than 32, the issue's
 * goal; {@code -Dbench.sampling=1.0} to record every trace, the suite's setting, instead
 * of production's 10 %; {@code -Dbench.simulator=in-process} to run the simulator in this
 * JVM instead of a child JVM, where its CPU is counted apart from the app's; {@code
 * -Dbench.jfr=/tmp/run.jfr} to record a JFR profile of the measured window). The load
 * generator stays in this JVM; its CPU is printed apart.
 */
@IntegrationTest
@DirtiesContext
class RunLatencyBenchmark {

    static final int MODEL_LATENCY_MS = 100;
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
    static final int USERS = 100;
    static final int WARMUP = Integer.getInteger("bench.warmup", 1500);
    static final int REQUESTS = Integer.getInteger("bench.requests", 3_000);
    static final boolean SIMULATOR_PROCESS = !"in-process".equals(System.getProperty("bench.simulator"));
    static final AutoCloseable SIMULATOR = startSimulator();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prpm.ai.providers.anthropic.api-key", () -> "sk-ant-bench");
        registry.add("prpm.ai.providers.anthropic.base-url", RunLatencyBenchmark::simulatorUrl);
        registry.add("prpm.embedded-db.fsync", () -> "true");
        registry.add("management.tracing.sampling.probability", () -> System.getProperty("bench.sampling", "0.1"));
        registry.add("logging.level.playground.run", () -> "WARN");
        registry.add("logging.level.audit.auth", () -> "WARN");
        registry.add("logging.level.audit.credits", () -> "WARN");
    }

    @AfterAll
    static void stop() throws Exception {
        SIMULATOR.close();
    }

    private static AutoCloseable startSimulator() {
        if (SIMULATOR_PROCESS) {
            try {
                return SimulatorProcess.start(Duration.ofMillis(MODEL_LATENCY_MS), 300, 200);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ProviderSimulator.start()
            .recordRequests(false)
            .latency(Duration.ofMillis(MODEL_LATENCY_MS))
            .usage(300, 200);
    }

    private static String simulatorUrl() {
        return SIMULATOR instanceof SimulatorProcess process ? process.baseUrl()
                : ((ProviderSimulator) SIMULATOR).baseUrl();
    }

    @Autowired
    Api api;

    @Autowired
    CreditLedger ledger;

    @Test
    void runOverheadAboveModelLatency() throws Exception {
        String pkg = api.get("/api/v1/packages?q=code-reviewer").json().path("items").get(0).path("id").asString();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            var signup = api.signup("bench-" + UUID.randomUUID() + "@example.com").json();
            ledger.grant(UUID.fromString(signup.path("user").path("id").asString()), Bucket.PURCHASED, 100_000,
                    TransactionType.PURCHASE, LedgerRefs.reason("benchmark"));
            tokens.add(signup.path("token").asString());
        }
        // The first recording of a JVM redefines the JDK's event classes, and the JIT
        // then
        // recompiles much of the hot code: that happens during the warm-up, not in the
        // window.
        BenchRecording warmUpRecording = BenchRecording.start("bench.jfr");
        load(pkg, tokens, WARMUP);
        BenchRecording recording = BenchRecording.start("bench.jfr");
        CpuMeter.Snapshot cpuBefore = CpuMeter.now();
        long started = System.nanoTime();
        long[] latencies = load(pkg, tokens, REQUESTS);
        double seconds = (System.nanoTime() - started) / 1e9;
        CpuMeter.Snapshot cpu = CpuMeter.now().minus(cpuBefore);
        recording.dump();
        recording.close();
        warmUpRecording.close();
        Arrays.sort(latencies);
        System.out.printf(
                "BENCH run: %d requests, %d concurrent clients, %d users, model latency %d ms, simulator %s, "
                        + "%.1f runs/s; total p50 %.1f ms p95 %.1f ms p99 %.1f ms; added over the model p50 %.1f ms "
                        + "p95 %.1f ms p99 %.1f ms; %s; load average %s%n",
                REQUESTS, CONCURRENCY, USERS, MODEL_LATENCY_MS, SIMULATOR_PROCESS ? "in a child JVM" : "in this JVM",
                REQUESTS / seconds, pct(latencies, 0.50), pct(latencies, 0.95), pct(latencies, 0.99),
                pct(latencies, 0.50) - MODEL_LATENCY_MS, pct(latencies, 0.95) - MODEL_LATENCY_MS,
                pct(latencies, 0.99) - MODEL_LATENCY_MS, cpu.perUnit(REQUESTS, "run"), loadAverage());
        assertThat(latencies[0]).isPositive();
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        }
        catch (IOException e) {
            return "n/a";
        }
    }

    private long[] load(String pkg, List<String> tokens, int requests) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
            for (int c = 0; c < CONCURRENCY; c++) {
                pool.submit(() -> {
                    long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
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
                    CpuMeter.clientWork(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted);
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
