package dev.prpm.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A request the simulator received: method, path, headers (lower-case names) and the JSON
 * body.
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, JsonNode body) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase());
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public boolean streaming() {
        return body.path("stream").asBoolean(false);
    }

    /**
     * The last message's text content (string content or the text of its content blocks).
     */
    public String lastMessageText() {
        JsonNode messages = body.path("messages");
        return messages.isEmpty() ? "" : text(messages.get(messages.size() - 1).path("content"));
    }

    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(block -> text.append(block.path("text").asText("")));
        return text.toString();
    }
}
