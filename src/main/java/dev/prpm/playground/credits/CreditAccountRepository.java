package dev.prpm.playground.credits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Credit accounts (one per user) and the append-only ledger. */
@Repository
class CreditAccountRepository {

    private static final String SELECT = """
            SELECT user_id, monthly, rollover, purchased, reserved, monthly_allowance, cycle_anchor, next_reset_at,
                   rollover_expires_at, paid_through, granted_period FROM credit_accounts""";

    private static final String HISTORY = """
            SELECT id, type, amount, delta_monthly, delta_rollover, delta_purchased, balance_after, reason,
                   reservation_id, run_id, session_id, created_at
            FROM credit_transactions
            WHERE user_id = ANY (:users)""";

    private final JdbcClient jdbc;

    CreditAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void create(UUID userId) {
        jdbc.sql("INSERT INTO credit_accounts (user_id) VALUES (:user) ON CONFLICT (user_id) DO NOTHING")
            .param("user", userId)
            .update();
    }

    /**
     * Reads the account and locks its row until the transaction ends (serialises all
     * changes of one user).
     */
    Optional<Account> lock(UUID userId) {
        return jdbc.sql(SELECT + " WHERE user_id = :user FOR UPDATE")
            .param("user", userId)
            .query(CreditAccountRepository::map)
            .optional();
    }

    Optional<Account> find(UUID userId) {
        return jdbc.sql(SELECT + " WHERE user_id = :user")
            .param("user", userId)
            .query(CreditAccountRepository::map)
            .optional();
    }

    /**
     * The account, the user's caps and the credits charged by settlements closed since
     * {@code since}, in one statement (the sum reads the partial index of V70).
     */
    /**
     * The account, the user's caps and the credits charged on UTC days {@code since} to
     * today.
     */
    Optional<Overview> overview(UUID userId, java.time.LocalDate since) {
        return jdbc.sql(SELECT.replace("FROM credit_accounts", """
                , (SELECT daily FROM spending_caps c WHERE c.user_id = a.user_id) AS cap_daily,
                  (SELECT monthly FROM spending_caps c WHERE c.user_id = a.user_id) AS cap_monthly,
                  (SELECT coalesce(sum(d.credits), 0) FROM credit_spend_daily d
                   WHERE d.user_id = a.user_id AND d.day >= :since) AS spent
                FROM credit_accounts a""") + " WHERE a.user_id = :user")
            .param("user", userId)
            .param("since", since)
            .query((rs, n) -> new Overview(map(rs, n), rs.getLong("spent"),
                    new SpendingCaps.Caps((Long) rs.getObject("cap_daily"), (Long) rs.getObject("cap_monthly"))))
            .optional();
    }

    List<UUID> dueForReset(Instant now, int limit) {
        return jdbc.sql("""
                SELECT user_id FROM credit_accounts WHERE next_reset_at <= :now ORDER BY next_reset_at LIMIT :limit""")
            .param("now", ts(now))
            .param("limit", limit)
            .query(UUID.class)
            .list();
    }

    void updateBalances(UUID userId, Buckets balances, long reserved) {
        jdbc.sql("""
                UPDATE credit_accounts SET monthly = :m, rollover = :r, purchased = :p, reserved = :reserved
                WHERE user_id = :user""")
            .param("m", balances.monthly())
            .param("r", balances.rollover())
            .param("p", balances.purchased())
            .param("reserved", reserved)
            .param("user", userId)
            .update();
    }

    void updateCycle(Account account) {
        jdbc.sql("""
                UPDATE credit_accounts SET monthly_allowance = :allowance, cycle_anchor = :anchor,
                       next_reset_at = :next, rollover_expires_at = :expiry, paid_through = :paid,
                       granted_period = :granted WHERE user_id = :user""")
            .param("allowance", account.monthlyAllowance())
            .param("anchor", ts(account.cycleAnchor()))
            .param("next", ts(account.nextResetAt()))
            .param("expiry", ts(account.rolloverExpiresAt()))
            .param("paid", ts(account.paidThrough()))
            .param("granted", ts(account.grantedPeriod()))
            .param("user", account.userId())
            .update();
    }

    void append(UUID userId, TransactionType type, Buckets delta, long balanceAfter, LedgerRefs refs) {
        jdbc.sql(
                """
                        INSERT INTO credit_transactions (user_id, type, amount, delta_monthly, delta_rollover, delta_purchased,
                            balance_after, reason, reservation_id, run_id, session_id, stripe_ref, created_at)
                        VALUES (:user, :type, :amount, :m, :r, :p, :after, :reason, :reservation, :run, :session, :stripe, :at)""")
            .param("user", userId)
            .param("type", type.value())
            .param("amount", delta.total())
            .param("m", delta.monthly())
            .param("r", delta.rollover())
            .param("p", delta.purchased())
            .param("after", balanceAfter)
            .param("reason", refs.reason())
            .param("reservation", refs.reservationId())
            .param("run", refs.runId())
            .param("session", refs.sessionId())
            .param("stripe", refs.stripeRef())
            .param("at", ts(refs.at()))
            .update();
    }

    /**
     * Ledger rows newest first, before {@code beforeId} when given, of the given types
     * when any: the SQL carries only the conditions present, so a generic plan still
     * reads the index range (issue #18).
     * <p>
     * The user is matched with {@code = ANY} of a one-element array and the rows ordered
     * by {@code user_id, id DESC} on purpose. With {@code user_id = ?} PostgreSQL treats
     * the user as a constant, drops it from the ordering, and for a user who owns a large
     * share of the table (found in its statistics) prefers walking the primary key
     * backwards, filtering other users' rows: 1.5 s for the first page of a user with 1M
     * of 10M rows when that user's rows were the oldest. The ordering on {@code user_id}
     * can only come from the user's indexes, so they are read whatever the statistics say
     * ({@code PlanStabilityTest}).
     * <p>
     * A type filter is one branch per type, {@code type = ?} (a constant, so
     * {@code credit_transactions_user_type_idx} gives the order), each at most
     * {@code limit} rows, merged by a UNION ALL: with {@code type = ANY (?)} that index
     * could not give the order, and every row of the type was read and sorted for one
     * page — 634 ms for the 100,000 purchases of a user with 1M of 10M rows (issue #15).
     */
    List<CreditViews.Entry> history(UUID userId, Long beforeId, List<String> types, int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("users", new UUID[] { userId });
        params.put("limit", limit);
        if (beforeId != null) {
            params.put("before", beforeId);
        }
        List<String> distinct = types.stream().distinct().toList();
        String sql;
        if (distinct.isEmpty()) {
            sql = HISTORY + (beforeId == null ? "" : " AND id < :before") + " ORDER BY user_id, id DESC LIMIT :limit";
        }
        else {
            List<String> perType = new ArrayList<>();
            for (int i = 0; i < distinct.size(); i++) {
                params.put("type" + i, distinct.get(i));
                perType.add("(" + HISTORY + " AND type = :type" + i + (beforeId == null ? "" : " AND id < :before")
                        + " ORDER BY user_id, id DESC LIMIT :limit)");
            }
            sql = perType.size() == 1 ? perType.getFirst()
                    : "SELECT * FROM (" + String.join(" UNION ALL ", perType) + ") AS t ORDER BY id DESC LIMIT :limit";
        }
        return jdbc.sql(sql)
            .params(params)
            .query((rs, n) -> new CreditViews.Entry(rs.getLong("id"), TransactionType.of(rs.getString("type")),
                    rs.getLong("amount"),
                    new Buckets(rs.getLong("delta_monthly"), rs.getLong("delta_rollover"),
                            rs.getLong("delta_purchased")),
                    rs.getLong("balance_after"), rs.getString("reason"), rs.getObject("reservation_id", UUID.class),
                    rs.getObject("run_id", UUID.class), rs.getObject("session_id", UUID.class),
                    instant(rs, "created_at")))
            .list();
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Account map(ResultSet rs, int n) throws SQLException {
        return new Account(rs.getObject("user_id", UUID.class),
                new Buckets(rs.getLong("monthly"), rs.getLong("rollover"), rs.getLong("purchased")),
                rs.getLong("reserved"), rs.getLong("monthly_allowance"), instant(rs, "cycle_anchor"),
                instant(rs, "next_reset_at"), instant(rs, "rollover_expires_at"), instant(rs, "paid_through"),
                instant(rs, "granted_period"));
    }

    /** What the credits overview needs of one user, read together. */
    record Overview(Account account, long spentLast30Days, SpendingCaps.Caps caps) {
    }

    /**
     * A credit account as stored. {@code paidThrough}: end of the latest paid plan
     * period; {@code grantedPeriod}: start of the latest period whose allowance was
     * granted.
     */
    record Account(UUID userId, Buckets balances, long reserved, long monthlyAllowance, Instant cycleAnchor,
            Instant nextResetAt, Instant rolloverExpiresAt, Instant paidThrough, Instant grantedPeriod) {

        Account with(Buckets newBalances, long newReserved) {
            return new Account(userId, newBalances, newReserved, monthlyAllowance, cycleAnchor, nextResetAt,
                    rolloverExpiresAt, paidThrough, grantedPeriod);
        }

        Account withCycle(long allowance, Instant anchor, Instant nextReset, Instant rolloverExpiry) {
            return new Account(userId, balances, reserved, allowance, anchor, nextReset, rolloverExpiry, paidThrough,
                    grantedPeriod);
        }

        Account withPaid(Instant newPaidThrough, Instant newGrantedPeriod) {
            return new Account(userId, balances, reserved, monthlyAllowance, cycleAnchor, nextResetAt,
                    rolloverExpiresAt, newPaidThrough, newGrantedPeriod);
        }

        /** True if a paid period covers the period starting at {@code periodStart}. */
        boolean paidFor(Instant periodStart) {
            return paidThrough != null && paidThrough.isAfter(periodStart);
        }

        /**
         * True if the allowance of the period starting at {@code periodStart} was not
         * granted yet.
         */
        boolean notGranted(Instant periodStart) {
            return grantedPeriod == null || grantedPeriod.isBefore(periodStart);
        }
    }

}
