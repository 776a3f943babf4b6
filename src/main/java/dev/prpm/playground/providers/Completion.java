package dev.prpm.playground.providers;

/** A model's answer with the token usage the provider reported. */
public record Completion(String text, int inputTokens, int outputTokens, String stopReason) {
}
