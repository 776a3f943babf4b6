package dev.prpm.playground.sessions;

import java.util.UUID;

/**
 * The owner rated a session's runs (1–5); usage writes the rating to the runs' usage
 * rows.
 */
public record SessionRated(UUID sessionId, UUID userId, int rating) {
}
