package dev.prpm.playground.jobs;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.ErrorCode;
import dev.prpm.playground.common.Tier;
import dev.prpm.playground.runs.HeldRuns;
import dev.prpm.playground.runs.RunRequest;
import dev.prpm.playground.runs.RunResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs one claimed job to its end: success (settled with the result), a retry after a
 * backoff (retryable provider failure, attempts left; the hold stays), or failure and
 * cancellation (hold released). A worker that lost its lease leaves the job alone.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger("playground.jobs");

    private final HeldRuns runs;

    private final JobOutcomes outcomes;

    private final JobRepository jobs;

    private final JobProperties properties;

    private final ObjectMapper json;

    private final Clock clock;

    private final BatchCloser closer;

    JobRunner(HeldRuns runs, JobOutcomes outcomes, JobRepository jobs, JobProperties properties, ObjectMapper json,
            Clock clock, BatchCloser closer) {
        this.closer = closer;
        this.runs = runs;
        this.outcomes = outcomes;
        this.jobs = jobs;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    void run(Job job, Lease lease) {
        try {
            runToEnd(job, lease);
        }
        finally {
            if (job.inBatch()) {
                closer.closeIfDone(job.batchId());
            }
        }
    }

    private void runToEnd(Job job, Lease lease) {
        if (job.cancelRequested()) {
            outcomes.endWithoutCharge(job, lease.token(), Job.CANCELLED, null, null);
            return;
        }
        if (job.attempts() > properties.maxAttempts()) {
            outcomes.endWithoutCharge(job, lease.token(), Job.FAILED, "attempts_exhausted",
                    "The job was interrupted " + properties.maxAttempts() + " times");
            return;
        }
        CurrentUser user = new CurrentUser(job.userId(), null, Tier.of(job.tier()));
        try {
            RunRequest request = json.readValue(job.request(), RunRequest.class);
            runs.execute(user, request, job.hold(), new HeldRuns.Control() {
                @Override
                public boolean stopRequested() {
                    return lease.stopRequested();
                }

                @Override
                public void committing(RunResult result) {
                    outcomes.committing(job, lease.token(), result, lease.cancelled.get() && result.partial());
                }
            });
            log.info("jobs.done jobId={} attempt={}", job.id(), job.attempts());
        }
        catch (JobOutcomes.LeaseLost lost) {
            log.warn("jobs.lease_lost jobId={} (another worker owns it now)", job.id());
        }
        catch (RuntimeException e) {
            afterFailure(job, lease, e);
        }
    }

    private void afterFailure(Job job, Lease lease, RuntimeException e) {
        if (lease.lost.get()) {
            log.warn("jobs.lease_lost jobId={} (another worker owns it now)", job.id());
            return;
        }
        if (lease.cancelled.get()) {
            outcomes.endWithoutCharge(job, lease.token(), Job.CANCELLED, null, null);
            return;
        }
        String code = e instanceof ApiException api ? api.code().code() : "internal_error";
        String detail = e instanceof ApiException ? e.getMessage() : "An unexpected error occurred";
        if (retryable(e) && job.attempts() < properties.maxAttempts()) {
            Instant after = clock.instant().plus(backoff(job.attempts()));
            jobs.requeue(job.id(), lease.token(), after,
                    json.writeValueAsString(Map.of("code", code, "detail", detail)));
            log.info("jobs.retry jobId={} attempt={} error={} runAfter={}", job.id(), job.attempts(), code, after);
            return;
        }
        if (!(e instanceof ApiException)) {
            log.error("jobs.failed jobId={}", job.id(), e);
        }
        outcomes.endWithoutCharge(job, lease.token(), Job.FAILED, code, detail);
    }

    /** Only a provider that is down or overloaded is worth another attempt. */
    static boolean retryable(RuntimeException e) {
        return e instanceof ApiException api && api.code() == ErrorCode.MODEL_UNAVAILABLE;
    }

    /** {@code initialBackoff × multiplier^(attempt-1)}, spread by ±jitter. */
    Duration backoff(int attempt) {
        double base = properties.initialBackoff().toMillis() * Math.pow(properties.backoffMultiplier(), attempt - 1);
        double spread = 1 + properties.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base * spread)));
    }

    /** A claimed job's lease as its worker sees it: the token and the reasons to stop. */
    record Lease(UUID jobId, UUID token, AtomicBoolean cancelled, AtomicBoolean lost) {

        Lease(UUID jobId, UUID token) {
            this(jobId, token, new AtomicBoolean(), new AtomicBoolean());
        }

        boolean stopRequested() {
            return cancelled.get() || lost.get();
        }

    }

}
