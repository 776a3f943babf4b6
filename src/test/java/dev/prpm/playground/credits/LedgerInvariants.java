package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The money invariants, checked straight in the database. */
public final class LedgerInvariants {

    /**
     * prpm.credits.overdraft-limit (default): how far a run may leave the purchased
     * bucket below zero.
     */
    public static final long OVERDRAFT_LIMIT = 50;

    private LedgerInvariants() {
    }

    public static void assertHold(JdbcClient jdbc, UUID user) {
        var row = jdbc
            .sql("""
                    SELECT a.monthly, a.rollover, a.purchased, a.reserved,
                           (SELECT coalesce(sum(amount), 0) FROM credit_transactions t WHERE t.user_id = a.user_id) AS ledger,
                           (SELECT coalesce(sum(delta_monthly), 0) FROM credit_transactions t WHERE t.user_id = a.user_id) AS lm,
                           (SELECT coalesce(sum(delta_rollover), 0) FROM credit_transactions t WHERE t.user_id = a.user_id) AS lr,
                           (SELECT coalesce(sum(delta_purchased), 0) FROM credit_transactions t WHERE t.user_id = a.user_id) AS lp,
                           (SELECT coalesce(sum(amount), 0) FROM credit_reservations r
                             WHERE r.user_id = a.user_id AND r.status = 'active') AS held,
                           (SELECT balance_after FROM credit_transactions t WHERE t.user_id = a.user_id
                             ORDER BY id DESC LIMIT 1) AS last_after,
                           (SELECT coalesce(sum(settled_amount), 0) FROM credit_reservations r
                             WHERE r.user_id = a.user_id AND r.status = 'settled') AS settled,
                           (SELECT coalesce(sum(credits), 0) FROM credit_spend_daily d
                             WHERE d.user_id = a.user_id) AS daily
                    FROM credit_accounts a WHERE a.user_id = :user""")
            .param("user", user)
            .query((rs, n) -> new long[] { rs.getLong("monthly"), rs.getLong("rollover"), rs.getLong("purchased"),
                    rs.getLong("reserved"), rs.getLong("ledger"), rs.getLong("lm"), rs.getLong("lr"), rs.getLong("lp"),
                    rs.getLong("held"), rs.getLong("last_after"), rs.getLong("settled"), rs.getLong("daily") })
            .single();
        long balance = row[0] + row[1] + row[2];
        assertThat(row[0]).as("monthly").isEqualTo(row[5]).isNotNegative();
        assertThat(row[1]).as("rollover").isEqualTo(row[6]).isNotNegative();
        assertThat(row[2]).as("purchased (bounded overdraft)")
            .isEqualTo(row[7])
            .isGreaterThanOrEqualTo(-OVERDRAFT_LIMIT);
        assertThat(balance).as("balance equals the sum of the ledger").isEqualTo(row[4]);
        assertThat(row[3]).as("reserved equals open holds").isEqualTo(row[8]);
        assertThat(row[9]).as("last balance_after").isEqualTo(balance);
        assertThat(row[11]).as("daily spend rollup equals the settled holds").isEqualTo(row[10]);
    }

    static Buckets buckets(JdbcClient jdbc, UUID user) {
        return jdbc.sql("SELECT monthly, rollover, purchased FROM credit_accounts WHERE user_id = :u")
            .param("u", user)
            .query((rs, n) -> new Buckets(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
            .single();
    }

    static long ledgerRows(JdbcClient jdbc, UUID user) {
        return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u")
            .param("u", user)
            .query(Long.class)
            .single();
    }

}
