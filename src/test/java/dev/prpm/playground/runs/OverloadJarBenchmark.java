package dev.prpm.playground.runs;

import static org.awaitility.Awaitility.await;

import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.support.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue #18's overload benchmark the way the issue measured it: a packaged jar
 * ({@code -Doverload.jar}, e.g. this commit's or the commit before #18) as a child JVM
 * ({@code -Xmx1g}, embedded PostgreSQL with fsync off, ports 18580/18581), the provider
 * simulator answering after 5 s, one burst of N concurrent blocking runs per level from
 * N/4 users. Per level: outcomes by status and error code, p50, answers lost (the app's
 * counter where it has one, and model answers the simulator sent minus holds settled),
 * holds still open 60 s after the burst, the child's max heap used (jstat). Not in the
 * default run:
 * {@code ./mvnw test -Djacoco.skip=true -Dtest=OverloadJarBenchmark -Doverload.jar=target/prpm-playground-0.1.0-SNAPSHOT.jar -Doverload.levels=500,2000,5000,10000}
 * ({@code -Doverload.admission=10000} raises the admission limit;
 * {@code -Doverload.histogram-at=35} prints the live heap 35 s into each burst; the GC
 * log's pauses of each burst are printed after it).
 */
@EnabledIfSystemProperty(named = "overload.jar", matches = ".+")
class OverloadJarBenchmark {

    static final String METRICS_TOKEN = "bench-metrics-token-0123456789abcdef";

    static final int PORT = Integer.getInteger("overload.port", 18580);

    static final int DB_PORT = PORT + 1;

    private static final Pattern LOST = Pattern.compile("(?m)^prpm_runs_answers_lost_total(?:\\{[^}]*\\})? (\\S+)");

    @Test
    void burstsOfConcurrentRunsAgainstAJar() throws Exception {
        int[] levels = Arrays.stream(System.getProperty("overload.levels", "500,2000,5000,10000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
        Path work = Files.createTempDirectory("overload-jar");
        try (ProviderSimulator simulator = ProviderSimulator.start(0, 8192);
                Child app = Child.start(work, simulator.baseUrl())) {
            simulator.recordRequests(false).latency(Duration.ofSeconds(5)).usage(300, 200);
            Api api = new Api(() -> PORT);
            String pkg = api.get("/api/v1/packages?q=code-reviewer").json().path("items").get(0).path("id").asString();
            List<String> tokens = users(api, Math.max(1, Arrays.stream(levels).max().orElseThrow() / 4));
            System.out.println("jar " + System.getProperty("overload.jar") + ", admission "
                    + System.getProperty("overload.admission", "(the jar's default)"));
            System.out.println(OverloadBurst.HEADER);
            try (Connection db = app.database()) {
                for (int level : levels) {
                    Double lostBefore = lost(api);
                    long answeredBefore = simulator.answered();
                    long settledBefore = count(db, "status = 'settled'");
                    long fallbackBefore = fallbacks(db);
                    app.resetMaxHeap();
                    long gcFrom = app.gcLogSize();
                    OverloadBurst.Result result;
                    try (var histogram = app.histogramAfter(System.getProperty("overload.histogram-at"))) {
                        result = OverloadBurst.fire(PORT, pkg, tokens, level);
                    }
                    try {
                        await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> count(db, "status = 'active'") == 0);
                    }
                    catch (org.awaitility.core.ConditionTimeoutException e) {
                        // reported below: the "before" build leaves holds to the reaper
                    }
                    long open = count(db, "status = 'active'");
                    long unsettled = (simulator.answered() - answeredBefore)
                            - (count(db, "status = 'settled'") - settledBefore);
                    Double lostAfter = lost(api);
                    String lostMetric = lostBefore == null || lostAfter == null ? "n/a"
                            : String.format("%.0f", lostAfter - lostBefore);
                    System.out.println(result.row(lostMetric + " / " + unsettled, open, app.maxHeapMb() + " MB"));
                    // the provider failed under the burst and another model answered
                    // instead
                    System.out.println("answered by the fallback model: " + (fallbacks(db) - fallbackBefore));
                    System.out.println(HeapReport.gc(app.gcLog(), gcFrom));
                }
            }
        }
    }

    private static long fallbacks(Connection db) throws SQLException {
        try (var statement = db.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM usage WHERE fallback_from IS NOT NULL")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long count(Connection db, String condition) throws SQLException {
        try (var statement = db.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM credit_reservations WHERE " + condition)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * The app's lost-answers counter, or null where the build has none (before #18) or
     * the app did not answer the scrape (a heap full of runs in flight).
     */
    private static Double lost(Api api) {
        Api.Response metrics;
        try {
            metrics = api.get("/actuator/prometheus", METRICS_TOKEN);
        }
        catch (RuntimeException e) {
            System.out.println("metrics scrape failed: " + e.getMessage());
            return null;
        }
        if (metrics.status() != 200) {
            return null;
        }
        Matcher m = LOST.matcher(metrics.body());
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    private static List<String> users(Api api, int n) {
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < n; i++) {
                pool.execute(() -> tokens
                    .add(api.signup("overload-" + UUID.randomUUID() + "@example.com").json().path("token").asString()));
            }
        }
        return tokens;
    }

    /** The jar in a child JVM, and jstat sampling its heap. */
    private record Child(Process process, Process jstat, AtomicLong maxHeapKb, Path dataDir) implements AutoCloseable {

        static Child start(Path work, String providerUrl) throws IOException {
            Path dataDir = work.resolve("postgres");
            List<String> command = new ArrayList<>(
                    List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                            "-Xlog:gc:file=" + work.resolve("gc.log")));
            // e.g. -Doverload.jvm-args="-XX:+UseCompactObjectHeaders
            // -XX:StartFlightRecording=..." (not another -Xlog:gc file: the GC report
            // reads this one)
            String jvmArgs = System.getProperty("overload.jvm-args", "").strip();
            if (!jvmArgs.isEmpty()) {
                command.addAll(List.of(jvmArgs.split("\\s+")));
            }
            command.addAll(List.of("-jar", Path.of(System.getProperty("overload.jar")).toAbsolutePath().toString(),
                    "--server.port=" + PORT, "--prpm.embedded-db.data-dir=" + dataDir,
                    "--prpm.embedded-db.port=" + DB_PORT, "--prpm.embedded-db.fsync=false",
                    "--prpm.playground.settlement-spool.dir=" + work.resolve("spool"),
                    "--prpm.auth.jwt-secret=overload-benchmark-secret-0123456789abcdef",
                    "--prpm.auth.bcrypt-strength=4", "--prpm.billing.enabled=false", "--prpm.seed.packages=true",
                    "--prpm.credits.signup-bonus=10000000", "--prpm.rate-limit.free=10000000",
                    "--prpm.rate-limit.auth-per-ip=10000000", "--prpm.ai.providers.anthropic.api-key=sk-ant-bench",
                    "--prpm.ai.providers.anthropic.base-url=" + providerUrl,
                    "--prpm.observability.metrics-token=" + METRICS_TOKEN,
                    "--prpm.admission.max-concurrent-runs=" + System.getProperty("overload.admission", "1000"),
                    "--logging.level.playground.run=ERROR", "--logging.level.audit.auth=WARN",
                    "--logging.level.audit.credits=WARN", "--logging.structured.format.console="));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("app.log").toFile()))
                .start();
            Path jstatPath = Path.of(System.getProperty("java.home"), "bin", "jstat");
            Child child = new Child(process,
                    new ProcessBuilder(jstatPath.toString(), "-gc", Long.toString(process.pid()), "250")
                        .redirectErrorStream(true)
                        .start(),
                    new AtomicLong(), dataDir);
            Thread.ofVirtual().start(child::readHeap);
            System.out.println("app log: " + work.resolve("app.log") + ", app pid " + process.pid());
            await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> new Api(() -> PORT).get("/actuator/health/readiness").status() == 200);
            return child;
        }

        Connection database() throws Exception {
            String password = Files.readString(dataDir.resolve("prpm-superuser.password")).strip();
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + DB_PORT + "/prpm", "postgres",
                    password);
        }

        Path gcLog() {
            return dataDir.resolveSibling("gc.log");
        }

        long gcLogSize() throws IOException {
            return Files.exists(gcLog()) ? Files.size(gcLog()) : 0;
        }

        /**
         * A class histogram of the app {@code seconds} into the burst (none when null),
         * printed when taken; closing cancels it if the burst ended first.
         */
        AutoCloseable histogramAfter(String seconds) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            if (seconds != null) {
                timer.schedule(this::printHistogram, Long.parseLong(seconds), TimeUnit.SECONDS);
            }
            // not close(): it would wait for a histogram still scheduled
            return timer::shutdownNow;
        }

        private void printHistogram() {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            try {
                Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()),
                        "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
                String output = new String(histogram.getInputStream().readAllBytes());
                System.out.println("histogram during the burst: " + HeapReport.histogram(output));
            }
            catch (IOException e) {
                System.out.println("histogram failed: " + e.getMessage());
            }
        }

        void resetMaxHeap() {
            maxHeapKb.set(0);
        }

        long maxHeapMb() {
            return maxHeapKb.get() >> 10;
        }

        /** Heap used = S0U + S1U + EU + OU of {@code jstat -gc}, in KB. */
        private void readHeap() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                List<String> header = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    List<String> cells = Arrays.asList(line.trim().split("\\s+"));
                    if (cells.contains("EU")) {
                        header = cells;
                        continue;
                    }
                    if (header == null || cells.size() != header.size()) {
                        continue;
                    }
                    double used = 0;
                    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                        used += Double.parseDouble(cells.get(header.indexOf(column)));
                    }
                    maxHeapKb.accumulateAndGet((long) used, Math::max);
                }
            }
            catch (IOException | RuntimeException e) {
                // jstat ended with the app
            }
        }

        @Override
        public void close() throws Exception {
            jstat.destroy();
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }

    }

}
