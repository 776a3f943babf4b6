package dev.prpm.playground.providers;

import java.util.List;

/**
 * What to ask a model: the upstream model name, the system prompt (the package snippet),
 * the conversation ending with the user's input, and the output token limit.
 */
public record CompletionRequest(String upstreamModel, String systemPrompt, List<ChatMessage> messages,
        int maxOutputTokens) {

    public CompletionRequest {
        messages = List.copyOf(messages);
    }

    public CompletionRequest withModel(String model) {
        return new CompletionRequest(model, systemPrompt, messages, maxOutputTokens);
    }
}
