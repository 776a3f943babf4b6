package dev.prpm.playground.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code playground_batches}: the matrix asked for (models, inputs and
 * assertions as JSON text), its quote and the envelope holding it; {@code released} is
 * what went back to the balance when it closed.
 */
record Batch(UUID id, UUID userId, UUID packageId, String version, String models, String inputs, String assertions,
        Long maxCredits, long quote, UUID reservationId, String status, boolean cancelRequested, Long released,
        Instant createdAt, Instant finishedAt) {

    static final String RUNNING = "running";

    static final String COMPLETED = "completed";

    static final String CANCELLED = "cancelled";

    boolean finished() {
        return finishedAt != null;
    }

}
