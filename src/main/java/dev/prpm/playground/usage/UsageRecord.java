package dev.prpm.playground.usage;

import java.time.Instant;
import java.util.UUID;

/** One run, successful or not, as written to the month-partitioned usage table. */
record UsageRecord(UUID id, UUID userId, UUID packageId, UUID packageVersionId, UUID sessionId, String model,
        String provider, String fallbackFrom, int tokensIn, int tokensOut, long credits, long durationMs,
        String errorCode, Instant createdAt, Receipt receipt) {

    /**
     * What a charged run's receipt adds: buckets that paid, provider calls, price table.
     */
    record Receipt(long paidMonthly, long paidRollover, long paidPurchased, int attempts, String priceVersion) {
    }

    public boolean isError() {
        return errorCode != null;
    }
}
