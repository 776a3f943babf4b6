package dev.prpm.playground.providers;

import java.util.List;

/**
 * Conservative token estimate used before a call (for the credit hold) and for partially
 * streamed output: about 4 characters per token, rounded up, plus a small per-message
 * overhead.
 */
public final class TokenEstimator {

    private static final int CHARS_PER_TOKEN = 4;

    private static final int PER_MESSAGE_OVERHEAD = 4;

    private TokenEstimator() {
    }

    public static int tokens(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** Input tokens of a request: system prompt and every message. */
    public static int inputTokens(String systemPrompt, List<ChatMessage> messages) {
        int total = tokens(systemPrompt) + PER_MESSAGE_OVERHEAD;
        for (ChatMessage message : messages) {
            total += tokens(message.content()) + PER_MESSAGE_OVERHEAD;
        }
        return total;
    }

}
