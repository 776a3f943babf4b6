package dev.prpm.playground.runs;

import java.time.Instant;
import java.util.UUID;

/**
 * A run failed: its hold was released, nothing was charged and no session was written.
 */
public record RunFailed(UUID runId, UUID userId, String userTier, UUID packageId, UUID packageVersionId, String model,
        String provider, String errorCode, long durationMs, Instant at) {
}
