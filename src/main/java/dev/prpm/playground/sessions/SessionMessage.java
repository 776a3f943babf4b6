package dev.prpm.playground.sessions;

import java.time.Instant;

/**
 * One message of a session as stored in its JSONB conversation: role (user | assistant),
 * text, and for assistant messages the model that answered, tokens and credits;
 * {@code noPrompt} marks an answer given without the package's prompt (the baseline of a
 * comparison).
 */
public record SessionMessage(String role, String content, String model, String provider, Boolean demo,
        String fallbackFrom, Integer tokensIn, Integer tokensOut, Long credits, Boolean partial, Instant createdAt,
        Boolean noPrompt, Paid paid) {

    public SessionMessage(String role, String content, String model, String provider, Boolean demo, String fallbackFrom,
            Integer tokensIn, Integer tokensOut, Long credits, Boolean partial, Instant createdAt) {
        this(role, content, model, provider, demo, fallbackFrom, tokensIn, tokensOut, credits, partial, createdAt, null,
                null);
    }

    public static SessionMessage user(String content, Instant at) {
        return new SessionMessage("user", content, null, null, null, null, null, null, null, null, at, null, null);
    }

    /** Which credit buckets paid an assistant message's charge. */
    public record Paid(long monthly, long rollover, long purchased) {
    }
}
