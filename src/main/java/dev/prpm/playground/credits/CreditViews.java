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

    /**
     * {@code GET /api/v1/credits}: the balance and what happens next if the user spends
     * nothing more, plus when the balance runs out at the pace of the last 30 days (today
     * and the 29 UTC days before it).
     */
    public record Overview(long balance, Buckets buckets, long reserved, long monthlyAllowance, Instant nextResetAt,
            Instant rolloverExpiresAt, Forecast forecast, SpendingCaps.Caps spendingCap) {
    }

    /**
     * At {@code nextResetAt}: {@code expiring} credits expire (the rollover bucket and
     * unused monthly credits above the rollover cap), {@code rollingOver} carry over
     * until {@code rolloverUntil}, and {@code monthlyAtReset} are granted.
     * {@code runsOutOn} is null when nothing was spent in the last 30 days.
     */
    public record Forecast(Instant nextResetAt, long expiring, long rollingOver, Instant rolloverUntil,
            long monthlyAtReset, long spentLast30Days, double dailyPace, java.time.LocalDate runsOutOn) {
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
