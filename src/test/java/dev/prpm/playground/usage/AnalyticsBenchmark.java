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
 * Prints one {@code bench.analytics} line per endpoint.
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
        maintenance.refreshAnalytics();

        for (String groupBy : List.of("day", "model", "package")) {
            measure("usage?groupBy=" + groupBy, "/api/v1/analytics/usage?groupBy=" + groupBy, token);
        }
        measure("packages/{id}/stats", "/api/v1/packages/" + packages.getFirst() + "/stats", null);
    }

    private void measure(String name, String path, String token) {
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
    }

}
