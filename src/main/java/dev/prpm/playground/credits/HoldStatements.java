package dev.prpm.playground.credits;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The statements of the run path, one round trip each (issue #15): a hold reads and locks
 * the account with the user's spending caps, then writes the reservation, the account and
 * its ledger row in one data-modifying statement; a settlement or release locks the
 * account and the reservation in one statement (account first, as everywhere), then
 * writes the account, its ledger rows and the closed reservation in one statement.
 */
@Repository
class HoldStatements {

    private static final String ACCOUNT_COLUMNS = """
            a.user_id, a.monthly, a.rollover, a.purchased, a.reserved, a.monthly_allowance, a.cycle_anchor,
            a.next_reset_at, a.rollover_expires_at, a.paid_through, a.granted_period""";

    private static final String LEDGER_INSERT = """
            INSERT INTO credit_transactions (user_id, type, amount, delta_monthly, delta_rollover, delta_purchased,
                balance_after, reason, reservation_id, run_id, session_id, stripe_ref, created_at)
            VALUES """;

    private static final String LEDGER_ROW = "(:user, :type%1$d, :amount%1$d, :m%1$d, :r%1$d, :p%1$d, :after%1$d, "
            + ":reason%1$d, :res%1$d, :run%1$d, :session%1$d, :stripe%1$d, :at%1$d)";

    private static final String UPDATE_ACCOUNT = """
            UPDATE credit_accounts SET monthly = :m, rollover = :r, purchased = :p, reserved = :reserved
            WHERE user_id = :user""";

    private final JdbcClient jdbc;

    HoldStatements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the account (if it exists) and reads the user's caps with it. */
    Optional<Locked> lockAccount(UUID userId) {
        return jdbc.sql("SELECT " + ACCOUNT_COLUMNS + """
                , c.daily AS cap_daily, c.monthly AS cap_monthly
                FROM credit_accounts a LEFT JOIN spending_caps c ON c.user_id = a.user_id
                WHERE a.user_id = :user FOR UPDATE OF a""")
            .param("user", userId)
            .query((rs, n) -> new Locked(CreditAccountRepository.map(rs, n),
                    new SpendingCaps.Caps((Long) rs.getObject("cap_daily"), (Long) rs.getObject("cap_monthly"))))
            .optional();
    }

    /**
     * Locks the owner's account, then the reservation. The account is locked by the
     * materialised CTE before the join can produce the row whose reservation the outer
     * {@code FOR UPDATE OF r} locks; a reservation changed meanwhile is re-read at its
     * newest version (READ COMMITTED re-check), like a separate locking read would.
     */
    Optional<LockedHold> lockHold(UUID reservationId) {
        return jdbc.sql("WITH a AS MATERIALIZED (SELECT " + ACCOUNT_COLUMNS + """
                 FROM credit_accounts a
                  WHERE a.user_id = (SELECT user_id FROM credit_reservations WHERE id = :id) FOR UPDATE)
                SELECT a.*, r.id AS reservation_id, r.amount, r.held_monthly, r.held_rollover, r.held_purchased,
                       r.status, r.settled_amount, r.expires_at, r.cycle_ends_at
                FROM a JOIN credit_reservations r ON r.id = :id AND r.user_id = a.user_id
                FOR UPDATE OF r""").param("id", reservationId).query((rs, n) -> {
            var account = CreditAccountRepository.map(rs, n);
            return new LockedHold(account,
                    new ReservationRepository.Row(rs.getObject("reservation_id", UUID.class), account.userId(),
                            rs.getLong("amount"),
                            new Buckets(rs.getLong("held_monthly"), rs.getLong("held_rollover"),
                                    rs.getLong("held_purchased")),
                            rs.getString("status"), rs.getLong("settled_amount"),
                            CreditAccountRepository.instant(rs, "expires_at"),
                            CreditAccountRepository.instant(rs, "cycle_ends_at")));
        }).optional();
    }

    /** Inserts the reservation, updates the account and appends its ledger row. */
    void hold(UUID id, long amount, Buckets held, String purpose, Instant expiresAt, Instant cycleEndsAt,
            CreditAccountRepository.Account after, LedgerWriter.Entry entry) {
        var statement = jdbc.sql("""
                WITH hold AS (
                    INSERT INTO credit_reservations (id, user_id, amount, held_monthly, held_rollover, held_purchased,
                        purpose, expires_at, cycle_ends_at)
                    VALUES (:id, :user, :amount, :hm, :hr, :hp, :purpose, :expires, :cycle)),
                account AS (%s)
                %s""".formatted(UPDATE_ACCOUNT, LEDGER_INSERT + values(1)))
            .param("id", id)
            .param("amount", amount)
            .param("hm", held.monthly())
            .param("hr", held.rollover())
            .param("hp", held.purchased())
            .param("purpose", purpose)
            .param("expires", CreditAccountRepository.ts(expiresAt))
            .param("cycle", CreditAccountRepository.ts(cycleEndsAt));
        account(statement, after);
        entries(statement, List.of(entry)).update();
    }

    /**
     * Closes the reservation and, if there are ledger rows, updates the account and
     * appends them.
     */
    void close(UUID reservationId, String status, long settledAmount, Instant at, CreditAccountRepository.Account after,
            List<LedgerWriter.Entry> entries) {
        String closeReservation = """
                UPDATE credit_reservations SET status = :status, settled_amount = :settled, closed_at = :closedAt
                WHERE id = :reservation""";
        JdbcClient.StatementSpec statement;
        if (entries.isEmpty()) {
            statement = jdbc.sql(closeReservation);
        }
        else {
            statement = jdbc.sql("WITH closed AS (%s), account AS (%s) %s".formatted(closeReservation, UPDATE_ACCOUNT,
                    LEDGER_INSERT + values(entries.size())));
            account(statement, after);
            entries(statement, entries);
        }
        statement.param("status", status)
            .param("settled", settledAmount)
            .param("closedAt", CreditAccountRepository.ts(at))
            .param("reservation", reservationId)
            .update();
    }

    private static void account(JdbcClient.StatementSpec statement, CreditAccountRepository.Account after) {
        statement.param("user", after.userId())
            .param("m", after.balances().monthly())
            .param("r", after.balances().rollover())
            .param("p", after.balances().purchased())
            .param("reserved", after.reserved());
    }

    private static JdbcClient.StatementSpec entries(JdbcClient.StatementSpec statement,
            List<LedgerWriter.Entry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            LedgerWriter.Entry entry = entries.get(i);
            LedgerRefs refs = entry.refs();
            statement.param("type" + i, entry.type().value())
                .param("amount" + i, entry.delta().total())
                .param("m" + i, entry.delta().monthly())
                .param("r" + i, entry.delta().rollover())
                .param("p" + i, entry.delta().purchased())
                .param("after" + i, entry.balanceAfter())
                .param("reason" + i, refs.reason())
                .param("res" + i, refs.reservationId())
                .param("run" + i, refs.runId())
                .param("session" + i, refs.sessionId())
                .param("stripe" + i, refs.stripeRef())
                .param("at" + i, CreditAccountRepository.ts(refs.at()));
        }
        return statement;
    }

    private static String values(int rows) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(LEDGER_ROW.formatted(i));
        }
        return sql.toString();
    }

    /**
     * A locked account and the caps of its user ({@link SpendingCaps.Caps#NONE} if
     * unset).
     */
    record Locked(CreditAccountRepository.Account account, SpendingCaps.Caps caps) {
    }

    /** A locked account and one of its reservations, locked after it. */
    record LockedHold(CreditAccountRepository.Account account, ReservationRepository.Row reservation) {
    }

}
