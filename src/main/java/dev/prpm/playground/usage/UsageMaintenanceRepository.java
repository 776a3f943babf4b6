package dev.prpm.playground.usage;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UsageMaintenanceRepository {

    private final JdbcClient jdbc;

    UsageMaintenanceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    int ensurePartitions(int monthsAhead) {
        return jdbc.sql("SELECT ensure_usage_partitions(:months)")
            .param("months", monthsAhead)
            .query(Integer.class)
            .single();
    }

    int archiveBefore(OffsetDateTime cutoff) {
        return jdbc.sql("""
                WITH moved AS (DELETE FROM usage WHERE created_at < :cutoff RETURNING *)
                INSERT INTO usage_archive SELECT * FROM moved ON CONFLICT DO NOTHING""")
            .param("cutoff", cutoff)
            .update();
    }

    void refreshAnalytics() {
        boolean populated = jdbc.sql("SELECT ispopulated FROM pg_matviews WHERE matviewname = 'package_analytics'")
            .query(Boolean.class)
            .single();
        jdbc.sql(populated ? "REFRESH MATERIALIZED VIEW CONCURRENTLY package_analytics"
                : "REFRESH MATERIALIZED VIEW package_analytics")
            .update();
        jdbc.sql("REFRESH MATERIALIZED VIEW CONCURRENTLY playground_package_stats").update();
        jdbc.sql("UPDATE analytics_refreshes SET refreshed_at = now() WHERE view_name = 'playground_package_stats'")
            .update();
    }

}
