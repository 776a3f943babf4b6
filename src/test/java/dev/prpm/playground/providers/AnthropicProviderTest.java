package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prpm.playground.simulator.RecordedRequest;
import java.time.Clock;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest extends ProviderContract {

    @Override
    ModelProvider provider(ModelProperties.Provider connection, Clock clock) {
        return new AnthropicProvider(connection, clock);
    }

    @Override
    String baseUrl() {
        return simulator.baseUrl();
    }

    @Override
    String expectedPath() {
        return "/v1/messages";
    }

    @Override
    void assertWireRequest(RecordedRequest request) {
        JsonNode body = request.body();
        assertThat(body.path("model").asText()).isEqualTo("model-x");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(321);
        assertThat(body.path("system").asText()).isEqualTo("You are a code reviewer.");
        List<String> roles = StreamSupport.stream(body.path("messages").spliterator(), false)
            .map(message -> message.path("role").asText())
            .toList();
        assertThat(roles).containsExactly("user", "assistant", "user");
        assertThat(body.path("messages").get(2).path("content").asText()).isEqualTo("diff --git a/x b/x");
        // The documented Anthropic auth header, and no bearer credential next to it.
        assertThat(request.header("x-api-key")).isEqualTo("test-key");
        assertThat(request.header("authorization")).isNull();
        assertThat(request.header("anthropic-version")).isNotBlank();
    }

    @Test
    void hasTheCatalogueId() {
        assertThat(provider.id()).isEqualTo("anthropic");
    }

}
