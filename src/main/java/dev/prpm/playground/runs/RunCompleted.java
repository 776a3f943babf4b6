package dev.prpm.playground.runs;

import java.time.Instant;
import java.util.UUID;

/**
 * A run was answered and charged. Published inside the run's commit transaction; the
 * usage module writes its row in that same transaction (session, settlement and usage
 * commit together).
 *
 * @param servedBy the model that actually answered (after any fallback)
 * @param fallbackFrom the model that was asked for, when a fallback answered instead
 * @param partial the answer was cut short (client gone, broken stream) and charged for
 * what was produced
 * @param paidMonthly credits of the charge taken from the monthly bucket (likewise
 * rollover, purchased)
 * @param attempts provider calls made, retries and fallback included
 * @param priceVersion the price table the charge was computed with
 */
public record RunCompleted(UUID runId, UUID userId, String userTier, UUID packageId, UUID packageVersionId,
        UUID sessionId, String servedBy, String provider, String fallbackFrom, int tokensIn, int tokensOut,
        long credits, long durationMs, boolean partial, Instant at, long paidMonthly, long paidRollover,
        long paidPurchased, int attempts, String priceVersion) {
}
