package dev.prpm.playground.usage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

    private static final String USAGE_COLUMNS = """
            count(*) AS runs, count(*) FILTER (WHERE u.is_error) AS failed_runs,
            coalesce(sum(u.tokens_in), 0) AS tokens_in, coalesce(sum(u.tokens_out), 0) AS tokens_out,
            coalesce(sum(u.credits), 0) AS credits, avg(u.duration_ms) AS mean_ms,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY u.duration_ms) AS p95_ms""";

    private static final String OWN_RANGE = " WHERE u.user_id = :user AND u.created_at >= :from AND u.created_at < :to ";

    private final JdbcClient jdbc;

    AnalyticsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The user's usage in [from, to), one row per group, in the group's natural order.
     */
    List<AnalyticsController.UsageGroup> usage(UUID userId, Instant from, Instant to,
            AnalyticsController.GroupBy groupBy) {
        String sql = switch (groupBy) {
            case DAY -> "SELECT to_char(date_trunc('day', u.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS key, "
                    + "NULL AS label, " + USAGE_COLUMNS + " FROM usage u" + OWN_RANGE + "GROUP BY 1 ORDER BY 1";
            case MODEL -> "SELECT u.model AS key, NULL AS label, " + USAGE_COLUMNS + " FROM usage u" + OWN_RANGE
                    + "GROUP BY u.model ORDER BY credits DESC, u.model";
            case PACKAGE -> "SELECT coalesce(u.package_id::text, 'none') AS key, min(p.name) AS label, " + USAGE_COLUMNS
                    + " FROM usage u LEFT JOIN packages p ON p.id = u.package_id" + OWN_RANGE
                    + "GROUP BY u.package_id ORDER BY credits DESC, key";
        };
        return jdbc.sql(sql)
            .param("user", userId)
            .param("from", OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC))
            .param("to", OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC))
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
