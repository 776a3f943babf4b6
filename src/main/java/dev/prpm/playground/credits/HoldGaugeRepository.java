package dev.prpm.playground.credits;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One aggregate over the open holds, for the hold gauges. */
@Repository
class HoldGaugeRepository {

    private final JdbcClient jdbc;

    HoldGaugeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    HoldGauges.Snapshot openHolds() {
        return jdbc.sql("""
                SELECT count(*) AS open, coalesce(sum(amount), 0) AS credits,
                       coalesce(extract(EPOCH FROM now() - min(created_at)), 0) AS oldest_seconds,
                       count(*) FILTER (WHERE expires_at < now()) AS overdue
                FROM credit_reservations WHERE status = 'active'""")
            .query((rs, n) -> new HoldGauges.Snapshot(rs.getLong("open"), rs.getLong("credits"),
                    rs.getDouble("oldest_seconds"), rs.getLong("overdue")))
            .single();
    }

}
