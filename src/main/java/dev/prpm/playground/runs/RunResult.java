package dev.prpm.playground.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.prpm.playground.credits.Settlement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer of a run and what it cost. {@code demo} marks answers of the offline demo
 * provider; {@code fallbackFrom} names the model that failed when an equivalent served
 * instead; {@code partial} marks a stream cut short (charged only for what was produced);
 * {@code noPrompt} a run without the package's prompt. {@code conversation} is the whole
 * conversation so far, ending with this answer. The snake_case members are the original
 * PRPM service's names for the same values, read by the {@code prpm} CLI
 * (docs/compatibility.md).
 */
public record RunResult(UUID runId, UUID sessionId, UUID conversationId, String output, String model, String provider,
        boolean demo, String fallbackFrom, Tokens tokens, Credits credits, long durationMs, boolean partial,
        boolean noPrompt, List<Turn> conversation, Receipt receipt) {

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

    /**
     * Credits held before the call, charged after it (the actual usage), and the
     * spendable balance left; {@code overdraft}: the part of the charge neither the hold
     * nor the balance covered, now owed (docs/credits.md).
     */
    public record Credits(long estimated, long charged, long balanceAfter, long overdraft) {

        public Credits(long estimated, long charged, long balanceAfter) {
            this(estimated, charged, balanceAfter, 0);
        }

    }

    /**
     * One message of the conversation: role (user | assistant), text, when, and the
     * tokens of an answer.
     */
    public record Turn(String role, String content, Instant timestamp, Integer tokens) {
    }

    @JsonProperty("session_id")
    UUID snakeSessionId() {
        return sessionId;
    }

    @JsonProperty("response")
    String response() {
        return output;
    }

    @JsonProperty("tokens_used")
    long tokensUsed() {
        return (long) tokens.input() + tokens.output();
    }

    @JsonProperty("credits_spent")
    long creditsSpent() {
        return credits.charged();
    }

    @JsonProperty("credits_remaining")
    long creditsRemaining() {
        return credits.balanceAfter();
    }

    @JsonProperty("duration_ms")
    long snakeDurationMs() {
        return durationMs;
    }

}
