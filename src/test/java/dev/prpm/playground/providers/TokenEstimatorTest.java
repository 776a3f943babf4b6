package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The input estimate per character class (issue #11 finding 10): CJK text and code are no
 * longer counted at 4 characters a token.
 */
class TokenEstimatorTest {

    @Test
    void englishProseIsAboutFourCharactersAToken() {
        assertThat(TokenEstimator.tokens("Design a REST API for a library")).isEqualTo(8);
        assertThat(TokenEstimator.tokens("")).isZero();
        assertThat(TokenEstimator.tokens(null)).isZero();
    }

    @Test
    void cjkCountsOneTokenACharacterNotAQuarter() {
        String chinese = "请解释这个查询为什么很慢"; // 12 ideographs
        assertThat(TokenEstimator.tokens(chinese)).isEqualTo(12);
        assertThat(TokenEstimator.tokens("クエリを説明して")).isEqualTo(8);
        assertThat(TokenEstimator.tokens("쿼리를 설명")).as("hangul 1 each, the space ¼").isEqualTo(6);
        assertThat(TokenEstimator.tokens(chinese)).as("chars/4 said 3").isGreaterThan((chinese.length() + 3) / 4);
    }

    @Test
    void codeSymbolsCountOneTokenEach() {
        String code = "for (int i = 0; i < n; i++) { a[i] = b[i]; }";
        // 28 letters, digits and spaces (¼ each) + 16 symbols (1 each) = 23
        assertThat(TokenEstimator.tokens(code)).isEqualTo(23);
        assertThat(TokenEstimator.tokens(code)).as("chars/4 said 11").isGreaterThan((code.length() + 3) / 4);
    }

    @Test
    void otherScriptsAndEmojiAreCountedConservatively() {
        assertThat(TokenEstimator.tokens("привет")).as("Cyrillic ½ each").isEqualTo(3);
        assertThat(TokenEstimator.tokens("🙂🙂")).as("beyond the basic plane: 2 each").isEqualTo(4);
    }

    @Test
    void aRequestAddsFourTokensPerMessage() {
        assertThat(TokenEstimator.inputTokens("abcd", List.of(ChatMessage.user("abcd")))).isEqualTo(1 + 4 + 1 + 4);
    }

}
