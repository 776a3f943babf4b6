package dev.prpm.playground.runs;

import dev.prpm.playground.credits.Settlement;
import java.util.UUID;

/**
 * The answer of a run and what it cost. {@code demo} marks answers of the offline demo
 * provider; {@code fallbackFrom} names the model that failed when an equivalent served
 * instead; {@code
 * partial} marks a stream cut short (charged only for what was produced).
 */
public record RunResult(UUID runId, UUID sessionId, UUID conversationId, String output, String model, String provider,
        boolean demo, String fallbackFrom, Tokens tokens, Credits credits, long durationMs, boolean partial,
        Receipt receipt) {

    /**
     * Which buckets paid the charge, the model that actually answered, the provider calls
     * it took and the price table used; the same as {@code GET
     * /api/v1/playground/runs/{runId}/receipt}.
     */
    public record Receipt(Settlement.Paid paid, String servedBy, int attempts, String priceVersion) {
    }

    /** Tokens the provider reported. */
    public record Tokens(int input, int output) {
    }

    /** Credits held before the call, charged after it, and the spendable balance left. */
    public record Credits(long estimated, long charged, long balanceAfter) {
    }
}
