package dev.prpm.playground.jobs;

import dev.prpm.playground.runs.HeldRuns;
import dev.prpm.playground.runs.RunResult;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * The transitions that touch money, each in one transaction with the job row: a job's
 * hold is released exactly when the job ends without a charge, and settled exactly when
 * the job's result is stored — both only by the worker that still holds the lease (or,
 * for a queued job, by the cancel that moved it out of the queue). A cell of a batch
 * settles its own part of the batch's envelope and never releases it: the batch does,
 * when its last cell ended.
 */
@Component
class JobOutcomes {

    private final JobRepository jobs;

    private final HeldRuns runs;

    private final ObjectMapper json;

    private final Clock clock;

    JobOutcomes(JobRepository jobs, HeldRuns runs, ObjectMapper json, Clock clock) {
        this.jobs = jobs;
        this.runs = runs;
        this.json = json;
        this.clock = clock;
    }

    /** Cancels a queued job and returns its hold; false if a worker claimed it first. */
    @Transactional
    public boolean cancelQueued(Job job) {
        if (!jobs.cancelQueued(job.id(), clock.instant())) {
            return false;
        }
        if (!job.inBatch()) {
            runs.release(job.hold(), "Job cancelled before it ran");
        }
        return true;
    }

    /**
     * Ends a running job without a charge ({@code failed} or {@code cancelled}) and
     * returns its hold; a no-op when the lease was lost (the new owner decides).
     */
    @Transactional
    public boolean endWithoutCharge(Job job, UUID token, String status, String code, String detail) {
        String error = code == null ? null : json.writeValueAsString(Map.of("code", code, "detail", detail));
        if (!jobs.finish(job.id(), token, status, null, error, clock.instant())) {
            return false;
        }
        if (!job.inBatch()) {
            runs.release(job.hold(), "Job " + status + (code == null ? "" : ": " + code));
        }
        return true;
    }

    /**
     * Stores the result; called inside the run's commit transaction, so a lost lease
     * rolls back the settlement and the session with it.
     */
    void committing(Job job, UUID token, RunResult result, boolean cancelled) {
        String status = cancelled ? Job.CANCELLED : Job.SUCCEEDED;
        if (!jobs.finish(job.id(), token, status, json.writeValueAsString(result), null, clock.instant())) {
            throw new LeaseLost(job.id());
        }
    }

    /** The job was taken over by another worker while this one was running it. */
    static final class LeaseLost extends RuntimeException {

        LeaseLost(UUID jobId) {
            super("lease of job " + jobId + " was lost", null, false, false);
        }

    }

}
