package dev.prpm.playground.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Latency of the analytics endpoints over HTTP on 100,000 usage rows (10,000 of them the
 * caller's, all within the default 30-day range). Not part of the default test run (the
 * name matches no surefire include); run it with
 * {@code ./mvnw -B -ntp test -Djacoco.skip=true -Dtest=AnalyticsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * The usage report reads the per-user daily rollup (usage_daily, filled by the usage
 * insert trigger as the rows go in). Prints one {@code bench.analytics} line per
 * endpoint, then a table of them with the load average.
 */
@IntegrationTest
@DirtiesContext
class AnalyticsBenchmark {

    private static final int ROWS = 100_000;

    private static final int WARMUP = 30;

    private static final int SAMPLES = 300;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UsageMaintenance maintenance;

    @Test
    void analyticsOn100kUsageRows() {
        String token = api.signupToken();
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        UUID me = UUID.fromString(payload.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1"));
        List<UUID> packages = jdbc.sql("SELECT id FROM packages ORDER BY name").query(UUID.class).list();
        jdbc.sql("""
                INSERT INTO usage (id, user_id, package_id, model, provider, tokens_in, tokens_out, credits,
                                   duration_ms, is_error, error_code, created_at, rating)
                SELECT gen_random_uuid(),
                       CASE WHEN g % 10 = 0 THEN :me ELSE md5((g % 5000)::text)::uuid END,
                       (CAST(:packages AS uuid[]))[1 + g % cardinality(CAST(:packages AS uuid[]))],
                       (ARRAY['haiku','sonnet','opus','gpt-4o','gpt-4o-mini'])[1 + g % 5], 'demo',
                       100 + g % 900, 50 + g % 700, 1 + g % 4, 200 + (g * 37) % 5000, g % 50 = 0,
                       CASE WHEN g % 50 = 0 THEN 'model_unavailable' END,
                       now() - make_interval(secs => (g % (29 * 86400))), CASE WHEN g % 7 = 0 THEN 1 + g % 5 END
                FROM generate_series(1, :rows) AS g
                """)
            .param("me", me)
            .param("packages", packages.stream().map(UUID::toString).toArray(String[]::new))
            .param("rows", ROWS)
            .update();
        jdbc.sql("ANALYZE usage").update();
        jdbc.sql("ANALYZE usage_daily").update();
        maintenance.refreshAnalytics();
        long rollupRows = jdbc.sql("SELECT count(*) FROM usage_daily WHERE user_id = :me")
            .param("me", me)
            .query(Long.class)
            .single();

        List<String> table = new ArrayList<>();
        for (String groupBy : List.of("day", "model", "package")) {
            table.add(measure("usage?groupBy=" + groupBy, "/api/v1/analytics/usage?groupBy=" + groupBy, token));
        }
        table.add(measure("packages/{id}/stats", "/api/v1/packages/" + packages.getFirst() + "/stats", null));
        System.out.printf(
                "%nbench.analytics %,d usage rows, the caller's 10,000 in range = %d rollup rows; "
                        + "%d warm-up + %d sequential requests each; load average %.2f%n%n",
                ROWS, rollupRows, WARMUP, SAMPLES, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| Endpoint | p50 | p95 | p99 |");
        System.out.println("|---|---|---|---|");
        table.forEach(System.out::println);
        System.out.println();
    }

    /** Measures one endpoint; returns its row of the summary table. */
    private String measure(String name, String path, String token) {
        for (int i = 0; i < WARMUP; i++) {
            assertThat(api.get(path, token).status()).isEqualTo(200);
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            long started = System.nanoTime();
            assertThat(api.get(path, token).status()).isEqualTo(200);
            micros.add((System.nanoTime() - started) / 1_000);
        }
        micros.sort(Long::compare);
        System.out.printf("bench.analytics endpoint=%s rows=%d samples=%d p50=%.1fms p95=%.1fms p99=%.1fms load=%.1f%n",
                name, ROWS, SAMPLES, micros.get(SAMPLES / 2) / 1000.0, micros.get(SAMPLES * 95 / 100) / 1000.0,
                micros.get(SAMPLES * 99 / 100) / 1000.0,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return String.format("| `%s` | %.1f ms | %.1f ms | %.1f ms |", name, micros.get(SAMPLES / 2) / 1000.0,
                micros.get(SAMPLES * 95 / 100) / 1000.0, micros.get(SAMPLES * 99 / 100) / 1000.0);
    }

}
