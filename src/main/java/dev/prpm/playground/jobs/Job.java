package dev.prpm.playground.jobs;

import dev.prpm.playground.runs.HeldRuns;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code playground_jobs}; request, result and error are JSON text. A cell of
 * a batch names its batch and its place in the matrix; its reservation is the batch's
 * envelope.
 */
record Job(UUID id, long seq, UUID userId, String tier, String status, String request, String model, UUID runId,
        UUID reservationId, long estimate, int attempts, Instant runAfter, UUID leaseToken, boolean cancelRequested,
        String result, String error, Instant createdAt, Instant startedAt, Instant finishedAt, UUID batchId,
        Integer batchCell) {

    static final String QUEUED = "queued";

    static final String RUNNING = "running";

    static final String SUCCEEDED = "succeeded";

    static final String FAILED = "failed";

    static final String CANCELLED = "cancelled";

    HeldRuns.Hold hold() {
        return new HeldRuns.Hold(runId, reservationId, estimate, model, inBatch());
    }

    /** A cell of a batch: settles part of the batch's envelope and never releases it. */
    boolean inBatch() {
        return batchId != null;
    }

    boolean finished() {
        return SUCCEEDED.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
    }

}
