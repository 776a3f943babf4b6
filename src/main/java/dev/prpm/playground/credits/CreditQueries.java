package dev.prpm.playground.credits;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Balances and ledger history as users see them. */
@Service
public class CreditQueries {

    private final CreditAccountRepository accounts;

    private final ReservationRepository reservations;

    private final SpendingCaps caps;

    private final java.time.Clock clock;

    CreditQueries(CreditAccountRepository accounts, SpendingCaps caps, java.time.Clock clock,
            ReservationRepository reservations) {
        this.accounts = accounts;
        this.reservations = reservations;
        this.caps = caps;
        this.clock = clock;
    }

    /**
     * The balance with its forecast and the user's spending caps, read in one statement
     * (issue #15).
     */
    public CreditViews.Overview overview(UUID userId) {
        java.time.Instant now = clock.instant();
        // the last 30 days: today and the 29 UTC days before it
        java.time.LocalDate since = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).minusDays(29);
        return accounts.overview(userId, since)
            .map(o -> overview(o.account(), o.spentLast30Days(), o.caps(), now))
            .orElseGet(() -> new CreditViews.Overview(0, Buckets.ZERO, 0, 0, null, null, forecast(
                    new CreditAccountRepository.Account(userId, Buckets.ZERO, 0, 0, null, null, null, null, null), 0,
                    now), caps.of(userId)));
    }

    private static CreditViews.Overview overview(CreditAccountRepository.Account a, long spent, SpendingCaps.Caps set,
            java.time.Instant now) {
        return new CreditViews.Overview(a.balances().total(), a.balances(), a.reserved(), a.monthlyAllowance(),
                a.nextResetAt(), a.rolloverExpiresAt(), forecast(a, spent, now), set);
    }

    private static CreditViews.Forecast forecast(CreditAccountRepository.Account account, long spent,
            java.time.Instant now) {
        double pace = spent / 30.0;
        long balance = account.balances().total();
        java.time.LocalDate runsOut = pace > 0 ? java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)
            .plusDays((long) Math.floor(Math.max(0, balance) / pace)) : null;
        if (account.nextResetAt() == null) {
            return new CreditViews.Forecast(null, 0, 0, null, 0, spent, pace, runsOut);
        }
        long monthly = account.balances().monthly();
        long rollingOver = Math.min(monthly, account.monthlyAllowance());
        long expiring = account.balances().rollover() + (monthly - rollingOver);
        java.time.Instant rolloverUntil = rollingOver > 0
                ? MonthlyCycle.nextAnniversary(account.cycleAnchor(), account.nextResetAt()) : null;
        return new CreditViews.Forecast(account.nextResetAt(), expiring, rollingOver, rolloverUntil,
                account.monthlyAllowance(), spent, pace, runsOut);
    }

    /**
     * Whether the hold was settled: its run's charge (and, in the same transaction, its
     * session and usage row) committed. A background settler replaying a kept answer asks
     * this first, so a settlement that committed before a crash is never charged twice.
     */
    public boolean holdSettled(UUID reservationId) {
        return reservations.isSettled(reservationId);
    }

    public CreditViews.Balance balance(UUID userId) {
        return accounts.find(userId)
            .map(a -> new CreditViews.Balance(a.balances().total(), a.balances(), a.reserved(), a.monthlyAllowance(),
                    a.nextResetAt(), a.rolloverExpiresAt()))
            .orElse(new CreditViews.Balance(0, Buckets.ZERO, 0, 0, null, null));
    }

    /**
     * Ledger rows newest first, after the cursor (an opaque row id), optionally only some
     * types.
     */
    public CreditViews.History history(UUID userId, String cursor, List<TransactionType> types, int limit) {
        Long before = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
        List<CreditViews.Entry> rows = accounts.history(userId, before,
                types.stream().map(TransactionType::value).toList(), limit + 1);
        boolean more = rows.size() > limit;
        List<CreditViews.Entry> page = more ? rows.subList(0, limit) : rows;
        return new CreditViews.History(List.copyOf(page), more ? Long.toString(page.getLast().id(), 36) : null);
    }

    private static Long decodeCursor(String cursor) {
        try {
            return Long.parseLong(cursor, 36);
        }
        catch (NumberFormatException e) {
            throw new InvalidCursorException(cursor);
        }
    }

}
