package dev.prpm.playground.runs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One burst of the overload benchmarks: {@code level} concurrent blocking
 * {@code POST /api/v1/playground/run} (Java HttpClient on virtual threads), spread over
 * the given users; counts every outcome by status and problem {@code error} code.
 */
final class OverloadBurst {

    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([a-z_]+)\"");

    private static final Pattern SETTLEMENT = Pattern.compile("\"settlement\"\\s*:\\s*\"([a-z_]+)\"");

    static final String HEADER = """
            | N in flight | 200 | 503 | 429 | 5xx other than 503 | socket errors | p50 of the 200s | answers lost \
            (metric / model answers not settled) | holds open after | max heap used | load avg 1/5/15 | \
            non-200 by code |
            |---|---|---|---|---|---|---|---|---|---|---|---|""";

    /** What one burst got back. */
    record Result(int level, Map<String, Long> outcomes, long p50Ms) {

        long count(String prefix) {
            return outcomes.entrySet()
                .stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue)
                .sum();
        }

        long other5xx() {
            return outcomes.entrySet()
                .stream()
                .filter(e -> e.getKey().startsWith("5") && !e.getKey().startsWith("503"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        }

        String byCode() {
            return outcomes.entrySet()
                .stream()
                .filter(e -> !e.getKey().equals("200"))
                .map(e -> e.getValue() + " × " + e.getKey())
                .collect(Collectors.joining(", "));
        }

        /** A table row; {@code lost} and {@code heap} as the caller measured them. */
        String row(String lost, long holdsOpen, String heap) {
            return String.format("| %,d | %,d | %,d | %,d | %,d | %,d | %s | %s | %,d | %s | %s | %s |", level,
                    count("200"), count("503"), count("429"), other5xx(), count("socket"),
                    p50Ms == 0 ? "–" : String.format("%.1f s", p50Ms / 1000.0), lost, holdsOpen, heap, loadAverage(),
                    byCode().isEmpty() ? "–" : byCode());
        }

    }

    private OverloadBurst() {
    }

    static Result fire(int port, String packageId, List<String> tokens, int level) {
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/playground/run");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < level; i++) {
                String token = tokens.get(i % tokens.size());
                String body = "{\"packageId\":\"" + packageId + "\",\"model\":\"sonnet\",\"input\":\"bench " + i
                        + "\"}";
                pool.execute(() -> {
                    long started = System.nanoTime();
                    String outcome;
                    try {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(180))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
                        outcome = outcome(response.statusCode(), response.body());
                        if (response.statusCode() == 200) {
                            latencies.add((System.nanoTime() - started) / 1_000_000);
                        }
                    }
                    catch (IOException e) {
                        outcome = "socket " + e.getClass().getSimpleName();
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        outcome = "socket interrupted";
                    }
                    outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
                });
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Long> counted = new TreeMap<>();
        outcomes.forEach((k, v) -> counted.put(k, v.get()));
        return new Result(level, counted, sorted.length == 0 ? 0 : sorted[sorted.length / 2]);
    }

    private static String outcome(int status, String body) {
        if (status == 200) {
            return "200";
        }
        Matcher error = ERROR.matcher(body == null ? "" : body);
        String code = error.find() ? error.group(1) : "no code";
        Matcher settlement = SETTLEMENT.matcher(body == null ? "" : body);
        return status + " " + code + (settlement.find() ? " (settlement " + settlement.group(1) + ")" : "");
    }

    /** {@code uptime}'s load average. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        }
        catch (IOException | RuntimeException e) {
            return "?";
        }
    }

}
