package dev.prpm.playground.credits;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Balances and ledger history as users see them. */
@Service
public class CreditQueries {

    private final CreditAccountRepository accounts;

    private final SpendingCapRepository spending;

    private final SpendingCaps caps;

    private final java.time.Clock clock;

    CreditQueries(CreditAccountRepository accounts, SpendingCapRepository spending, SpendingCaps caps,
            java.time.Clock clock) {
        this.accounts = accounts;
        this.spending = spending;
        this.caps = caps;
        this.clock = clock;
    }

    /** The balance with its forecast and the user's spending caps. */
    public CreditViews.Overview overview(UUID userId) {
        CreditViews.Balance balance = balance(userId);
        return new CreditViews.Overview(balance.balance(), balance.buckets(), balance.reserved(),
                balance.monthlyAllowance(), balance.nextResetAt(), balance.rolloverExpiresAt(),
                forecast(userId, balance), caps.of(userId));
    }

    private CreditViews.Forecast forecast(UUID userId, CreditViews.Balance balance) {
        java.time.Instant now = clock.instant();
        long spent = spending.settledSince(userId, now.minus(java.time.Duration.ofDays(30)));
        double pace = spent / 30.0;
        java.time.LocalDate runsOut = pace > 0 ? java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)
            .plusDays((long) Math.floor(Math.max(0, balance.balance()) / pace)) : null;
        if (balance.nextResetAt() == null) {
            return new CreditViews.Forecast(null, 0, 0, null, 0, spent, pace, runsOut);
        }
        long monthly = balance.buckets().monthly();
        long rollingOver = Math.min(monthly, balance.monthlyAllowance());
        long expiring = balance.buckets().rollover() + (monthly - rollingOver);
        java.time.Instant rolloverUntil = rollingOver > 0
                ? MonthlyCycle.nextAnniversary(accounts.find(userId).orElseThrow().cycleAnchor(), balance.nextResetAt())
                : null;
        return new CreditViews.Forecast(balance.nextResetAt(), expiring, rollingOver, rolloverUntil,
                balance.monthlyAllowance(), spent, pace, runsOut);
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
