package dev.prpm.playground.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.IntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class UsageMaintenanceTest {

    @Autowired
    UsageMaintenance maintenance;

    @Autowired
    UsageLog usage;

    @Autowired
    JdbcClient jdbc;

    private UsageRecord record(UUID pkg, Instant at, String error) {
        return new UsageRecord(UUID.randomUUID(), UUID.randomUUID(), pkg, null, null, "sonnet", "demo", null, 100, 50,
                error == null ? 1 : 0, 1200, error, at, null);
    }

    @Test
    void rowsOlderThanSixMonthsMoveToTheArchive() {
        UUID pkg = UUID.randomUUID();
        UsageRecord old = record(pkg, Instant.now().minus(200, ChronoUnit.DAYS), null);
        UsageRecord recent = record(pkg, Instant.now().minus(2, ChronoUnit.DAYS), null);
        usage.record(old, "free");
        usage.record(recent, "free");

        assertThat(maintenance.archiveOlderThanSixMonths()).isGreaterThanOrEqualTo(1);
        assertThat(
                jdbc.sql("SELECT count(*) FROM usage WHERE package_id = :p").param("p", pkg).query(Long.class).single())
            .isEqualTo(1);
        assertThat(jdbc.sql("SELECT id FROM usage_archive WHERE package_id = :p")
            .param("p", pkg)
            .query(UUID.class)
            .single()).isEqualTo(old.id());
    }

    @Test
    void partitionsAheadAndAnalyticsPerPackage() {
        assertThat(maintenance.ensurePartitions()).isEqualTo(4);
        UUID pkg = UUID.randomUUID();
        usage.record(record(pkg, Instant.now(), null), "free");
        usage.record(record(pkg, Instant.now(), "model_unavailable"), "free");
        maintenance.refreshAnalytics();
        maintenance.refreshAnalytics();
        var row = jdbc.sql("SELECT tests, success_rate FROM package_analytics WHERE package_id = :p")
            .param("p", pkg)
            .query((rs, n) -> new Object[] { rs.getLong(1), rs.getBigDecimal(2) })
            .single();
        assertThat(row[0]).isEqualTo(2L);
        assertThat(((java.math.BigDecimal) row[1]).intValue()).isEqualTo(50);
    }

}
