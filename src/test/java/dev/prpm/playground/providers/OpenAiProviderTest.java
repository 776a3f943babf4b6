package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prpm.playground.simulator.RecordedRequest;
import java.time.Clock;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest extends ProviderContract {

    @Override
    ModelProvider provider(ModelProperties.Provider connection, Clock clock) {
        return new OpenAiProvider(OpenAiProviders.OPENAI, connection,
                OpenAiProvider.TokenLimitField.MAX_COMPLETION_TOKENS, clock);
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
        assertChatRequest(request);
        assertThat(request.body().path("max_completion_tokens").asInt()).isEqualTo(321);
        assertThat(request.body().has("max_tokens")).isFalse();
    }

    /** System message first, then the conversation; usage requested when streaming. */
    static void assertChatRequest(RecordedRequest request) {
        JsonNode body = request.body();
        assertThat(body.path("model").asText()).isEqualTo("model-x");
        List<String> roles = StreamSupport.stream(body.path("messages").spliterator(), false)
            .map(message -> message.path("role").asText())
            .toList();
        assertThat(roles).containsExactly("system", "user", "assistant", "user");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You are a code reviewer.");
        assertThat(body.path("messages").get(3).path("content").asText()).isEqualTo("diff --git a/x b/x");
        assertThat(request.header("authorization")).isEqualTo("Bearer test-key");
        if (request.streaming()) {
            assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        }
    }

    @Test
    void hasTheCatalogueId() {
        assertThat(provider.id()).isEqualTo("openai");
    }

}
