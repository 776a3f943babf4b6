package dev.prpm.playground.runs;

import java.time.Instant;
import java.util.UUID;

/**
 * A run was refused before any hold was taken (e.g. {@code insufficient_credits}):
 * nothing was held, charged or written. Feeds the run metrics and the run's summary log
 * line; no usage row.
 */
public record RunRejected(UUID runId, UUID userId, String userTier, String model, String errorCode, Instant at) {
}
