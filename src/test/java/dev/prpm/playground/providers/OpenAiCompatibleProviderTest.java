package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.simulator.RecordedRequest;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same OpenAI-style provider pointed at a compatible server (Ollama, vLLM, …). */
class OpenAiCompatibleProviderTest extends ProviderContract {

    @Override
    ModelProvider provider(ModelProperties.Provider connection, Clock clock) {
        return new OpenAiProvider(OpenAiProviders.COMPATIBLE, connection, OpenAiProvider.TokenLimitField.MAX_TOKENS,
                clock);
    }

    @Override
    String baseUrl() {
        return simulator.openAiBaseUrl();
    }

    @Override
    String expectedPath() {
        return "/v1/chat/completions";
    }

    @Override
    void assertWireRequest(RecordedRequest request) {
        OpenAiProviderTest.assertChatRequest(request);
        assertThat(request.body().path("max_tokens").asInt()).isEqualTo(321);
        assertThat(request.body().has("max_completion_tokens")).isFalse();
    }

    @Test
    void hasTheCatalogueId() {
        assertThat(provider.id()).isEqualTo("openai-compatible");
    }

    @Test
    void aBlankSystemPromptSendsNoSystemMessage() {
        simulator.reset();
        simulator.reply("four words of text");
        CompletionRequest request = new CompletionRequest("llama3", "", List.of(ChatMessage.user("hi")), 50);

        Completion completion = provider.complete(request);

        assertThat(completion.text()).isEqualTo("four words of text");
        assertThat(completion.inputTokens()).isPositive();
        assertThat(simulator.lastRequest().body().path("messages")).hasSize(1);
    }

}
