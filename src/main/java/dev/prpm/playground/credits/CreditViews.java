package dev.prpm.playground.credits;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read models of the credits API. */
public final class CreditViews {

    private CreditViews() {
    }

    /**
     * Spendable balance (= sum of the ledger), per bucket, plus what is held by open
     * reservations.
     */
    public record Balance(long balance, Buckets buckets, long reserved, long monthlyAllowance, Instant nextResetAt,
            Instant rolloverExpiresAt) {
    }

    /** One ledger row. */
    public record Entry(long id, TransactionType type, long amount, Buckets buckets, long balanceAfter, String reason,
            UUID reservationId, UUID runId, UUID sessionId, Instant createdAt) {
    }

    /**
     * A page of ledger rows, newest first; pass {@code nextCursor} to get the next page.
     */
    public record History(List<Entry> items, String nextCursor) {
    }

}
