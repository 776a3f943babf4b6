package dev.prpm.playground.runs;

import java.util.UUID;

/**
 * The answer of a run and what it cost. {@code demo} marks answers of the offline demo
 * provider; {@code fallbackFrom} names the model that failed when an equivalent served
 * instead; {@code
 * partial} marks a stream cut short (charged only for what was produced).
 */
public record RunResult(UUID runId, UUID sessionId, UUID conversationId, String output, String model, String provider,
        boolean demo, String fallbackFrom, Tokens tokens, Credits credits, long durationMs, boolean partial) {

    /** Tokens the provider reported. */
    public record Tokens(int input, int output) {
    }

    /** Credits held before the call, charged after it, and the spendable balance left. */
    public record Credits(long estimated, long charged, long balanceAfter) {
    }
}
