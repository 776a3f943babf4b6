package dev.prpm.playground.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The usage report reads the per-user daily rollup (usage_daily, maintained by a trigger
 * in each usage row's transaction): its counts and mean are exact, its p95 (from the
 * latency histogram) is within the documented 10 % of the exact percentile_cont over the
 * same rows, concurrent runs of one user lose no counts, and a rebuild from the usage
 * rows reproduces what the trigger maintained.
 */
@IntegrationTest
@DirtiesContext
class UsageRollupTest {

    private static final List<String> GROUPINGS = List.of("day", "model", "package");

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UsageLog usageLog;

    @Test
    void theReportMatchesTheExactFiguresWithP95WithinTenPercent() {
        Random random = new Random(13);
        List<Map.Entry<String, IntSupplier>> distributions = List.of(
                Map.entry("log-uniform 10 ms to 10 min",
                        () -> (int) Math.round(10 * Math.pow(60_000, random.nextDouble()))),
                Map.entry("narrow 200-230 ms", () -> 200 + random.nextInt(31)),
                Map.entry("bimodal 100 ms and 5 s",
                        () -> random.nextInt(100) < 90 ? 90 + random.nextInt(20) : 4_000 + random.nextInt(2_000)),
                Map.entry("exponential tail",
                        () -> (int) Math.min(590_000, 50 + Math.round(-400 * Math.log(1 - random.nextDouble())))));
        for (var distribution : distributions) {
            String token = api.signupToken();
            insertRuns(userOf(token), 1_500, distribution.getValue());
            for (String groupBy : GROUPINGS) {
                JsonNode report = api.get("/api/v1/analytics/usage?groupBy=" + groupBy, token).json();
                Map<String, Map<String, Object>> exact = exact(userOf(token), groupBy);
                assertThat(report.path("groups").findValuesAsString("key"))
                    .as("%s by %s", distribution.getKey(), groupBy)
                    .containsExactlyInAnyOrderElementsOf(exact.keySet());
                for (JsonNode group : report.path("groups")) {
                    Map<String, Object> expected = exact.get(group.path("key").asString());
                    String what = distribution.getKey() + " by " + groupBy + " " + group.path("key").asString();
                    assertThat(group.path("runs").asLong()).as(what).isEqualTo(number(expected, "runs"));
                    assertThat(group.path("failedRuns").asLong()).as(what).isEqualTo(number(expected, "failed_runs"));
                    assertThat(group.path("tokensIn").asLong()).as(what).isEqualTo(number(expected, "tokens_in"));
                    assertThat(group.path("credits").asLong()).as(what).isEqualTo(number(expected, "credits"));
                    assertThat(group.path("meanDurationMs").asLong()).as(what)
                        .isEqualTo(Math.round(((Number) expected.get("mean_ms")).doubleValue()));
                    double p95 = ((Number) expected.get("p95_ms")).doubleValue();
                    // 10 % of the exact value, plus the report's rounding to whole
                    // milliseconds
                    assertThat((double) group.path("p95DurationMs").asLong()).as(what + " p95 vs exact " + p95)
                        .isBetween(p95 * 0.9 - 0.5, p95 * 1.1 + 0.5);
                }
            }
        }
        assertTheRebuildReproducesTheRollup();
    }

    @Test
    void concurrentRunsOfOneUserLoseNoCounts() throws Exception {
        UUID user = userOf(api.signupToken());
        UUID pkg = jdbc.sql("SELECT id FROM packages ORDER BY name LIMIT 1").query(UUID.class).single();
        int threads = 8;
        int rounds = 25;
        CyclicBarrier together = new CyclicBarrier(threads);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        together.await();
                        int duration = 100 + thread * 100 + round;
                        usageLog.record(new UsageRecord(UUID.randomUUID(), user, pkg, null, null, "haiku", "demo", null,
                                10, 20, thread + 1, duration, null, at, null), "free");
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        Map<String, Object> rollup = jdbc.sql("""
                SELECT runs, credits, duration_ms_sum,
                       (SELECT sum(n) FROM unnest(duration_hist) AS n) AS histogram_runs
                FROM usage_daily WHERE user_id = :user""").param("user", user).query().singleRow();
        long runs = (long) threads * rounds;
        assertThat(number(rollup, "runs")).isEqualTo(runs);
        assertThat(number(rollup, "histogram_runs")).isEqualTo(runs);
        assertThat(number(rollup, "credits")).isEqualTo((long) rounds * threads * (threads + 1) / 2);
        long durations = 0;
        for (int t = 0; t < threads; t++) {
            for (int round = 0; round < rounds; round++) {
                durations += 100 + t * 100 + round;
            }
        }
        assertThat(number(rollup, "duration_ms_sum")).isEqualTo(durations);
        assertTheRebuildReproducesTheRollup();
    }

    private void assertTheRebuildReproducesTheRollup() {
        String snapshot = """
                SELECT user_id, day, model, coalesce(package_id::text, 'none') AS package, runs, failed_runs,
                       tokens_in, tokens_out, credits, duration_ms_sum, duration_hist::text AS hist
                FROM usage_daily ORDER BY 1, 2, 3, 4""";
        List<Map<String, Object>> maintained = jdbc.sql(snapshot).query().listOfRows();
        jdbc.sql("SELECT usage_daily_rebuild()").query(Long.class).single();
        assertThat(jdbc.sql(snapshot).query().listOfRows()).isEqualTo(maintained);
    }

    /**
     * Runs over the last five days, three models and three packages (one of them none).
     */
    private void insertRuns(UUID user, int count, IntSupplier durations) {
        List<UUID> packages = jdbc.sql("SELECT id FROM packages ORDER BY name LIMIT 2").query(UUID.class).list();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < count; i++) {
            values.append(i == 0 ? "" : ",").append(durations.getAsInt());
        }
        jdbc.sql("""
                INSERT INTO usage (id, user_id, package_id, model, provider, tokens_in, tokens_out, credits,
                                   duration_ms, is_error, error_code, created_at)
                SELECT gen_random_uuid(), :user, (ARRAY[:first, :second, NULL])[1 + g % 3],
                       (ARRAY['haiku', 'sonnet', 'opus'])[1 + (g / 3) % 3], 'demo', g % 500, g % 300, g % 4,
                       d.ms, g % 17 = 0, CASE WHEN g % 17 = 0 THEN 'model_unavailable' END,
                       :today - make_interval(secs => g * 277 % (5 * 86400))
                FROM unnest(CAST(:durations AS integer[])) WITH ORDINALITY AS d(ms, g)""")
            .param("user", user)
            .param("first", packages.get(0))
            .param("second", packages.get(1))
            .param("today", LocalDate.now(ZoneOffset.UTC).atTime(23, 59).atOffset(ZoneOffset.UTC))
            .param("durations", "{" + values + "}")
            .update();
    }

    /**
     * The exact figures over the user's usage rows (all in the report's default range),
     * as the report computed them before the rollup.
     */
    private Map<String, Map<String, Object>> exact(UUID user, String groupBy) {
        String key = switch (groupBy) {
            case "day" -> "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
            case "model" -> "model";
            default -> "coalesce(package_id::text, 'none')";
        };
        return jdbc.sql("SELECT " + key + """
                 AS key, count(*) AS runs, count(*) FILTER (WHERE is_error) AS failed_runs,
                       sum(tokens_in) AS tokens_in, sum(credits) AS credits, avg(duration_ms) AS mean_ms,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95_ms
                FROM usage WHERE user_id = :user GROUP BY 1""")
            .param("user", user)
            .query()
            .listOfRows()
            .stream()
            .collect(Collectors.toMap(row -> (String) row.get("key"), row -> row));
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    private static UUID userOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return UUID.fromString(
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(payload).path("sub").asString());
    }

}
