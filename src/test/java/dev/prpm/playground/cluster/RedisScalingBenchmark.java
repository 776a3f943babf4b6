package dev.prpm.playground.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.PlaygroundApplication;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.support.Api;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Figures for docs/scaling.md, not part of the default run: {@code ./mvnw test
 * -Djacoco.skip=true -Dtest=RedisScalingBenchmark}. (1) what the Redis limiter adds to a
 * request, against the in-process one; (2) package cache hit ratio per level during a run
 * load, then what users see when Redis (its own redis-server on port 6391) is killed
 * mid-load and started again. Results are printed and appended to
 * target/scaling-benchmark.txt.
 */
class RedisScalingBenchmark {

    static final int PORT = 6391;

    @Test
    void limiterOverheadPerRequest() throws Exception {
        var factory = new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory("127.0.0.1", 6379);
        factory.afterPropertiesSet();
        factory.start();
        try {
            var redis = new org.springframework.data.redis.core.StringRedisTemplate(factory);
            String prefix = "bench-" + UUID.randomUUID() + ":";
            report("limiter Redis (one thread)",
                    timeAcquires(new dev.prpm.playground.ratelimit.RateLimiterProbe(redis, prefix)));
            report("limiter in-process (one thread)",
                    timeAcquires(new dev.prpm.playground.ratelimit.RateLimiterProbe(null, prefix)));
        }
        finally {
            factory.destroy();
        }
    }

    private static long[] timeAcquires(dev.prpm.playground.ratelimit.RateLimiterProbe probe) {
        for (int i = 0; i < 2000; i++) {
            probe.acquire("warm-" + (i % 100));
        }
        long[] micros = new long[5000];
        for (int i = 0; i < micros.length; i++) {
            long start = System.nanoTime();
            probe.acquire("user-" + (i % 500));
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        return micros;
    }

    @Test
    void runLoadWithRedisKilledAndRestarted() throws Exception {
        Process redis = startRedis();
        ConfigurableApplicationContext app = null;
        try {
            app = new SpringApplicationBuilder(PlaygroundApplication.class).profiles("test")
                .run("--server.port=0", "--prpm.redis.url=redis://127.0.0.1:" + PORT,
                        "--prpm.redis.key-prefix=bench-" + UUID.randomUUID() + ":");
            ConfigurableApplicationContext context = app;
            Api api = new Api(() -> context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String token = api.signupToken();
                UUID user = UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
                app.getBean(CreditLedger.class).adjust(user, 100_000, "benchmark");
                tokens.add(token);
            }
            List<String> packages = new ArrayList<>();
            api.get("/api/v1/packages?size=12")
                .json()
                .path("items")
                .forEach(p -> packages.add(p.path("id").asString()));

            AtomicReference<String> phase = new AtomicReference<>("1 redis up");
            Map<String, Map<Integer, AtomicInteger>> statuses = new ConcurrentHashMap<>();
            Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            Map<String, Double> before = cacheCounts(meters);
            long end = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    clients.submit(() -> {
                        int n = 0;
                        while (System.nanoTime() < end) {
                            String p = phase.get();
                            long start = System.nanoTime();
                            Api.Response r = api.post(
                                    "/api/v1/playground/run", Map.of("packageId", packages.get(n++ % packages.size()),
                                            "model", "haiku", "input", "bench " + n),
                                    tokens.get((client * 2 + n) % tokens.size()));
                            latencies.computeIfAbsent(p, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                .add((System.nanoTime() - start) / 1_000_000);
                            statuses.computeIfAbsent(p, k -> new ConcurrentHashMap<>())
                                .computeIfAbsent(r.status(), k -> new AtomicInteger())
                                .incrementAndGet();
                        }
                        return null;
                    });
                }
                Thread.sleep(15_000);
                Map<String, Double> upCounts = cacheCounts(meters);
                report("cache during run load, redis up (delta counts)", delta(before, upCounts));
                phase.set("2 redis killed");
                redis.destroyForcibly().waitFor();
                Thread.sleep(15_000);
                phase.set("3 redis restarted");
                redis = startRedis();
            }
            for (String p : new TreeMap<>(statuses).keySet()) {
                List<Long> ms = new ArrayList<>(latencies.get(p));
                ms.sort(null);
                report("phase " + p, "statuses=" + statuses.get(p) + " p50=" + ms.get(ms.size() / 2) + "ms p99="
                        + ms.get(Math.min(ms.size() - 1, ms.size() * 99 / 100)) + "ms n=" + ms.size());
            }
            report("cache over the whole run load, all phases (delta counts)", delta(before, cacheCounts(meters)));
            report("redis failures counted (fail open)",
                    meters.find("prpm.redis.failures")
                        .counters()
                        .stream()
                        .map(c -> c.getId().getTag("operation") + "=" + (long) c.count())
                        .toList()
                        .toString());
            report("load average", Files.readString(Path.of("/proc/loadavg")).trim());
            statuses.values().forEach(s -> assertThat(s.keySet()).allMatch(code -> code < 500));
        }
        finally {
            if (app != null) {
                app.close();
            }
            redis.destroyForcibly().waitFor();
        }
    }

    private static Map<String, Double> cacheCounts(MeterRegistry meters) {
        Map<String, Double> counts = new TreeMap<>();
        meters.find("prpm.package.cache.requests")
            .counters()
            .forEach(c -> counts.put(c.getId().getTag("level") + "." + c.getId().getTag("result"), c.count()));
        return counts;
    }

    private static String delta(Map<String, Double> before, Map<String, Double> after) {
        StringBuilder text = new StringBuilder();
        after
            .forEach((k, v) -> text.append(k).append('=').append((long) (v - before.getOrDefault(k, 0.0))).append(' '));
        double l1Hit = after.get("l1.hit") - before.getOrDefault("l1.hit", 0.0);
        double l1Miss = after.get("l1.miss") - before.getOrDefault("l1.miss", 0.0);
        return text + String.format("l1 hit ratio=%.3f", l1Hit / (l1Hit + l1Miss));
    }

    private static Process startRedis() throws IOException {
        Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", PORT)) {
                return true;
            }
        });
        return process;
    }

    private static void report(String what, long[] micros) {
        long[] sorted = micros.clone();
        java.util.Arrays.sort(sorted);
        report(what, "p50=" + sorted[sorted.length / 2] + "µs p99=" + sorted[sorted.length * 99 / 100] + "µs n="
                + sorted.length);
    }

    private static void report(String what, String figures) {
        String line = what + ": " + figures;
        System.out.println("[scaling-benchmark] " + line);
        try {
            Files.writeString(Path.of("target/scaling-benchmark.txt"), line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
