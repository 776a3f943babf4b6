package dev.prpm.playground.credits;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Credit accounts (one per user) and the append-only ledger. */
@Repository
class CreditAccountRepository {

    private final JdbcClient jdbc;

    CreditAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void create(UUID userId) {
        jdbc.sql("INSERT INTO credit_accounts (user_id) VALUES (:user) ON CONFLICT (user_id) DO NOTHING")
                .param("user", userId).update();
    }

    /** Reads the account and locks its row until the transaction ends (serialises all changes of one user). */
    Optional<Account> lock(UUID userId) {
        return jdbc.sql(SELECT + " WHERE user_id = :user FOR UPDATE").param("user", userId).query(this::map).optional();
    }

    Optional<Account> find(UUID userId) {
        return jdbc.sql(SELECT + " WHERE user_id = :user").param("user", userId).query(this::map).optional();
    }

    void updateBalances(UUID userId, Buckets balances, long reserved) {
        jdbc.sql("""
                UPDATE credit_accounts SET monthly = :m, rollover = :r, purchased = :p, reserved = :reserved
                WHERE user_id = :user""")
                .param("m", balances.monthly()).param("r", balances.rollover()).param("p", balances.purchased())
                .param("reserved", reserved).param("user", userId).update();
    }

    void updateCycle(UUID userId, long allowance, Instant anchor, Instant nextReset, Instant rolloverExpiry) {
        jdbc.sql("""
                UPDATE credit_accounts SET monthly_allowance = :allowance, cycle_anchor = :anchor,
                       next_reset_at = :next, rollover_expires_at = :expiry WHERE user_id = :user""")
                .param("allowance", allowance).param("anchor", ts(anchor)).param("next", ts(nextReset))
                .param("expiry", ts(rolloverExpiry)).param("user", userId).update();
    }

    long append(UUID userId, TransactionType type, Buckets delta, long balanceAfter, LedgerRefs refs) {
        return jdbc.sql("""
                INSERT INTO credit_transactions (user_id, type, amount, delta_monthly, delta_rollover, delta_purchased,
                    balance_after, reason, reservation_id, run_id, session_id, stripe_ref, created_at)
                VALUES (:user, :type, :amount, :m, :r, :p, :after, :reason, :reservation, :run, :session, :stripe, :at)
                RETURNING id""")
                .param("user", userId).param("type", type.value()).param("amount", delta.total())
                .param("m", delta.monthly()).param("r", delta.rollover()).param("p", delta.purchased())
                .param("after", balanceAfter).param("reason", refs.reason()).param("reservation", refs.reservationId())
                .param("run", refs.runId()).param("session", refs.sessionId()).param("stripe", refs.stripeRef())
                .param("at", ts(refs.at()))
                .query(Long.class).single();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private Account map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Account(rs.getObject("user_id", UUID.class),
                new Buckets(rs.getLong("monthly"), rs.getLong("rollover"), rs.getLong("purchased")),
                rs.getLong("reserved"), rs.getLong("monthly_allowance"),
                instant(rs, "cycle_anchor"), instant(rs, "next_reset_at"), instant(rs, "rollover_expires_at"));
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static final String SELECT = """
            SELECT user_id, monthly, rollover, purchased, reserved, monthly_allowance, cycle_anchor, next_reset_at,
                   rollover_expires_at FROM credit_accounts""";

    record Account(UUID userId, Buckets balances, long reserved, long monthlyAllowance, Instant cycleAnchor,
                   Instant nextResetAt, Instant rolloverExpiresAt) {
    }
}
