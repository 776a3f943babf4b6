package dev.prpm.playground.providers;

import java.util.List;

/**
 * Token estimate used before a call (for the credit hold), for partially streamed output
 * and by the demo provider; the settlement charges the count the provider reports when it
 * reports one. Both provider families' tokenizers (Anthropic's and OpenAI's byte-pair
 * encodings) split text alike at this resolution, so one heuristic serves both, counted
 * in quarter tokens per character class:
 * <ul>
 * <li>ASCII letters, digits and whitespace: 1/4 token (English prose is about 4
 * characters per token);</li>
 * <li>ASCII punctuation and symbols: 1 token each (code and markup are symbol-dense;
 * their symbols rarely merge with neighbours);</li>
 * <li>CJK ideographs, kana and hangul: 1 token each (chars/4 under-counted them
 * fourfold);</li>
 * <li>other characters of the basic plane (accented Latin, Cyrillic, Greek, Arabic…): 1/2
 * token; beyond it (emoji, rare ideographs): 2 tokens.</li>
 * </ul>
 * Rounded up, plus a small per-message overhead. An estimate below the real count is no
 * loss: the settlement charges the actual usage (docs/credits.md, overdraft rule).
 */
public final class TokenEstimator {

    private static final int PER_MESSAGE_OVERHEAD = 4;

    private TokenEstimator() {
    }

    public static int tokens(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long quarters = text.codePoints().mapToLong(TokenEstimator::quarters).sum();
        return (int) Math.min(Integer.MAX_VALUE, (quarters + 3) / 4);
    }

    /** Input tokens of a request: system prompt and every message. */
    public static int inputTokens(String systemPrompt, List<ChatMessage> messages) {
        int total = tokens(systemPrompt) + PER_MESSAGE_OVERHEAD;
        for (ChatMessage message : messages) {
            total += tokens(message.content()) + PER_MESSAGE_OVERHEAD;
        }
        return total;
    }

    private static int quarters(int codePoint) {
        if (codePoint < 128) {
            return Character.isLetterOrDigit(codePoint) || Character.isWhitespace(codePoint) ? 1 : 4;
        }
        if (codePoint > 0xFFFF) {
            return 8;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return switch (script) {
            case HAN, HIRAGANA, KATAKANA, HANGUL, BOPOMOFO, YI -> 4;
            default -> Character.isWhitespace(codePoint) ? 1 : 2;
        };
    }

}
