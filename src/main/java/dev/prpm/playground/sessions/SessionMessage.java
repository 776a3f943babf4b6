package dev.prpm.playground.sessions;

import java.time.Instant;

/**
 * One message of a session as stored in its JSONB conversation: role (user | assistant),
 * text, and for assistant messages the model that answered, tokens and credits.
 */
public record SessionMessage(String role, String content, String model, String provider, Boolean demo,
        String fallbackFrom, Integer tokensIn, Integer tokensOut, Long credits, Boolean partial, Instant createdAt,
        Paid paid) {

    public static SessionMessage user(String content, Instant at) {
        return new SessionMessage("user", content, null, null, null, null, null, null, null, null, at, null);
    }

    /** Which credit buckets paid an assistant message's charge. */
    public record Paid(long monthly, long rollover, long purchased) {
    }
}
