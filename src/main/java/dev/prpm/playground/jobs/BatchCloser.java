package dev.prpm.playground.jobs;

import dev.prpm.playground.runs.HeldRuns;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closes a batch once its last cell ended: releases what is left of the envelope (each
 * cell settled its own part) and records how much went back. Runs after a cell's commit,
 * in its own transaction, under the batch row's lock: of two cells ending at once, the
 * second to get the lock sees both ended and closes.
 */
@Component
class BatchCloser {

    private static final Logger log = LoggerFactory.getLogger("playground.jobs");

    private final BatchRepository batches;

    private final HeldRuns runs;

    private final Clock clock;

    BatchCloser(BatchRepository batches, HeldRuns runs, Clock clock) {
        this.batches = batches;
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * Flags the batch cancelled, cancels its queued cells and asks the running ones to
     * stop; returns the running ones (empty when the batch closed already).
     */
    @Transactional
    public List<UUID> stop(UUID batchId) {
        if (batches.lockOpen(batchId).isEmpty() || !batches.requestCancel(batchId)) {
            return List.of();
        }
        batches.cancelQueuedCells(batchId, clock.instant());
        return batches.requestCancelRunningCells(batchId);
    }

    /** Closes the batch if it is open and none of its cells is queued or running. */
    @Transactional
    public boolean closeIfDone(UUID batchId) {
        Batch batch = batches.lockOpen(batchId).orElse(null);
        if (batch == null || batches.unfinishedCells(batchId) > 0) {
            return false;
        }
        long charged = batches.charged(batchId);
        String status = batch.cancelRequested() ? Batch.CANCELLED : Batch.COMPLETED;
        long released = runs.releaseEnvelope(batch.reservationId(), "Batch " + status + ", rest of the envelope");
        batches.close(batchId, status, released, clock.instant());
        log.info("jobs.batch_closed batchId={} status={} quote={} charged={}", batchId, status, batch.quote(), charged);
        return true;
    }

}
