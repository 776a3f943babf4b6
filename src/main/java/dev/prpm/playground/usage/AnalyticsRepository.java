package dev.prpm.playground.usage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Analytics reads: each answer is ONE SQL statement (grouping and joins in PostgreSQL,
 * never a query per row).
 */
@Repository
class AnalyticsRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Sums the user's rollup rows (usage_daily, Flyway V120) in the range per group
     * {@code key}; the mean is exact (duration sum / runs), the p95 is read from the
     * summed latency histograms: the value at rank r = 0.95 (runs - 1) as percentile_cont
     * takes it, interpolated between the ranks floor(r) and floor(r) + 1, each placed
     * linearly within its bucket (bucket i is [10 * 1.1^(i-2), 10 * 1.1^(i-1)) ms, 1 is
     * [0, 10) ms, 118 is read as its lower bound). Within 10 % of the exact percentile
     * (docs/observability.md).
     */
    private static final String REPORT = """
            WITH grouped AS (
              SELECT %s AS key, %s AS label, d.runs, d.failed_runs, d.tokens_in, d.tokens_out, d.credits,
                     d.duration_ms_sum, d.duration_hist
              FROM usage_daily d %s
              WHERE d.user_id = :user AND d.day >= :from AND d.day <= :to
            ), totals AS (
              SELECT key, min(label) AS label, sum(runs) AS runs, sum(failed_runs) AS failed_runs,
                     sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, sum(credits) AS credits,
                     sum(duration_ms_sum)::float8 / sum(runs) AS mean_ms, 0.95::float8 * (sum(runs) - 1) AS rank
              FROM grouped GROUP BY key
            ), buckets AS (
              SELECT g.key, h.i, sum(h.n)::float8 AS n
              FROM grouped g CROSS JOIN LATERAL unnest(g.duration_hist) WITH ORDINALITY AS h(n, i)
              WHERE h.n > 0 GROUP BY g.key, h.i
            ), spans AS (
              SELECT b.key, b.n, sum(b.n) OVER (PARTITION BY b.key ORDER BY b.i) - b.n AS before,
                     CASE WHEN b.i = 1 THEN 0 ELSE 10 * power(1.1::float8, b.i - 2) END AS lo,
                     CASE WHEN b.i = 118 THEN 10 * power(1.1::float8, 116) ELSE 10 * power(1.1::float8, b.i - 1) END AS hi
              FROM buckets b
            ), ranked AS (
              SELECT t.key, floor(t.rank) AS low, least(floor(t.rank) + 1, t.runs - 1) AS high,
                     t.rank - floor(t.rank) AS fraction
              FROM totals t
            ), p95 AS (
              SELECT r.key,
                     max(s.lo + (s.hi - s.lo) * (r.low - s.before + 0.5) / s.n)
                         FILTER (WHERE r.low >= s.before AND r.low < s.before + s.n) AS at_low,
                     max(s.lo + (s.hi - s.lo) * (r.high - s.before + 0.5) / s.n)
                         FILTER (WHERE r.high >= s.before AND r.high < s.before + s.n) AS at_high,
                     min(r.fraction) AS fraction
              FROM ranked r JOIN spans s ON s.key = r.key GROUP BY r.key
            )
            SELECT t.key, t.label, t.runs, t.failed_runs, t.tokens_in, t.tokens_out, t.credits, t.mean_ms,
                   p.at_low + p.fraction * (p.at_high - p.at_low) AS p95_ms
            FROM totals t JOIN p95 p ON p.key = t.key
            ORDER BY %s""";

    private final JdbcClient jdbc;

    AnalyticsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The user's usage on the UTC days from..to (both included), one row per group, in
     * the group's natural order.
     */
    List<AnalyticsController.UsageGroup> usage(UUID userId, LocalDate from, LocalDate to,
            AnalyticsController.GroupBy groupBy) {
        String sql = switch (groupBy) {
            case DAY -> REPORT.formatted("to_char(d.day, 'YYYY-MM-DD')", "NULL::text", "", "t.key");
            case MODEL -> REPORT.formatted("d.model", "NULL::text", "", "t.credits DESC, t.key");
            case PACKAGE -> REPORT.formatted("coalesce(d.package_id::text, 'none')", "p.name",
                    "LEFT JOIN packages p ON p.id = d.package_id", "t.credits DESC, t.key");
        };
        return jdbc.sql(sql)
            .param("user", userId)
            .param("from", from)
            .param("to", to)
            .query(AnalyticsRepository::group)
            .list();
    }

    /**
     * A package's statistics from the materialized view, with the view's refresh time;
     * empty when the package does not exist.
     */
    Optional<AnalyticsController.PackageStats> packageStats(UUID packageId) {
        return jdbc.sql("""
                SELECT p.id, p.name, s.runs, s.failed_runs, s.unique_users, s.mean_rating, s.ratings, s.credits,
                       s.top_models::text AS top_models, s.last_run_at,
                       (SELECT refreshed_at FROM analytics_refreshes
                         WHERE view_name = 'playground_package_stats') AS refreshed_at
                FROM packages p LEFT JOIN playground_package_stats s ON s.package_id = p.id
                WHERE p.id = :id""").param("id", packageId).query(AnalyticsRepository::stats).optional();
    }

    private static AnalyticsController.UsageGroup group(ResultSet rs, int row) throws SQLException {
        return new AnalyticsController.UsageGroup(rs.getString("key"), rs.getString("label"), rs.getLong("runs"),
                rs.getLong("failed_runs"), rs.getLong("tokens_in"), rs.getLong("tokens_out"), rs.getLong("credits"),
                Math.round(rs.getDouble("mean_ms")), Math.round(rs.getDouble("p95_ms")));
    }

    private static AnalyticsController.PackageStats stats(ResultSet rs, int row) throws SQLException {
        List<AnalyticsController.ModelRuns> top = List.of();
        String topJson = rs.getString("top_models");
        if (topJson != null) {
            JsonNode nodes = JSON.readTree(topJson);
            top = nodes.valueStream()
                .map(n -> new AnalyticsController.ModelRuns(n.path("model").asString(), n.path("runs").asLong()))
                .toList();
        }
        java.math.BigDecimal rating = rs.getBigDecimal("mean_rating");
        OffsetDateTime last = rs.getObject("last_run_at", OffsetDateTime.class);
        OffsetDateTime refreshed = rs.getObject("refreshed_at", OffsetDateTime.class);
        return new AnalyticsController.PackageStats(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getLong("runs"), rs.getLong("failed_runs"), rs.getLong("unique_users"),
                rating == null ? null : rating.doubleValue(), rs.getLong("ratings"), rs.getLong("credits"), top,
                last == null ? null : last.toInstant(), refreshed == null ? null : refreshed.toInstant());
    }

}
