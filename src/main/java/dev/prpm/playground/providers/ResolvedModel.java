package dev.prpm.playground.providers;

/**
 * A catalogue model bound to the provider that will serve it; {@code demo} is true when
 * no API key is configured for its provider and the offline demo provider answers
 * instead.
 */
public record ResolvedModel(String id, String providerId, String upstream, int creditMultiplier, boolean demo,
        String fallback, int maxOutputTokens) {
}
