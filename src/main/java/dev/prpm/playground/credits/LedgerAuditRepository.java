package dev.prpm.playground.credits;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ledger invariants checked over every account in one query. */
@Repository
class LedgerAuditRepository {

    private final JdbcClient jdbc;

    LedgerAuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Accounts where a bucket differs from the sum of its ledger column, reserved differs
     * from the open holds, or anything is negative (the purchased bucket: below the
     * overdraft limit).
     */
    List<LedgerViolation> violations(int limit, long overdraftLimit) {
        return jdbc.sql("""
                WITH ledger AS (
                    SELECT user_id, sum(delta_monthly) AS m, sum(delta_rollover) AS r, sum(delta_purchased) AS p
                    FROM credit_transactions GROUP BY user_id),
                holds AS (
                    SELECT user_id, sum(amount) AS held FROM credit_reservations WHERE status = 'active'
                    GROUP BY user_id)
                SELECT a.user_id, a.monthly, a.rollover, a.purchased, a.reserved,
                       coalesce(l.m, 0) AS lm, coalesce(l.r, 0) AS lr, coalesce(l.p, 0) AS lp,
                       coalesce(h.held, 0) AS held
                FROM credit_accounts a
                LEFT JOIN ledger l ON l.user_id = a.user_id
                LEFT JOIN holds h ON h.user_id = a.user_id
                WHERE a.monthly <> coalesce(l.m, 0) OR a.rollover <> coalesce(l.r, 0)
                   OR a.purchased <> coalesce(l.p, 0) OR a.reserved <> coalesce(h.held, 0)
                   OR least(a.monthly, a.rollover, a.reserved) < 0 OR a.purchased < -:overdraft
                ORDER BY a.user_id LIMIT :limit""")
            .param("limit", limit)
            .param("overdraft", overdraftLimit)
            .query((rs, n) -> new LedgerViolation(rs.getObject("user_id", UUID.class),
                    new Buckets(rs.getLong("monthly"), rs.getLong("rollover"), rs.getLong("purchased")),
                    new Buckets(rs.getLong("lm"), rs.getLong("lr"), rs.getLong("lp")), rs.getLong("reserved"),
                    rs.getLong("held")))
            .list();
    }

}
