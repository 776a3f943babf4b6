package dev.prpm.playground.credits;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Balances and ledger history as users see them. */
@Service
public class CreditQueries {

    private final CreditAccountRepository accounts;

    CreditQueries(CreditAccountRepository accounts) {
        this.accounts = accounts;
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
