package dev.prpm.playground.jobs;

import dev.prpm.playground.common.AfterCommit;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.runs.HeldRuns;
import dev.prpm.playground.runs.RunRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Submit, look at, list and cancel jobs. */
@Service
class JobService {

    static final String BASE = "/api/v1/playground/jobs/";

    private static final Duration POLL_STEP = Duration.ofMillis(100);

    private final HeldRuns runs;

    private final JobRepository jobs;

    private final JobOutcomes outcomes;

    private final JobWorker worker;

    private final JobProperties properties;

    private final ObjectMapper json;

    private final Clock clock;

    private final BatchCloser closer;

    JobService(HeldRuns runs, JobRepository jobs, JobOutcomes outcomes, JobWorker worker, JobProperties properties,
            ObjectMapper json, Clock clock, BatchCloser closer) {
        this.closer = closer;
        this.runs = runs;
        this.jobs = jobs;
        this.outcomes = outcomes;
        this.worker = worker;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Holds the run's estimate and queues it, in one transaction: a job that cannot be
     * paid is refused (402) and nothing is queued.
     */
    @Transactional
    public JobViews.Submitted submit(CurrentUser user, RunRequest request) {
        HeldRuns.Hold hold = runs.hold(user, request, properties.holdTtl());
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jobs.insert(new Job(id, 0, user.id(), user.tier().value(), Job.QUEUED, json.writeValueAsString(request),
                hold.model(), hold.runId(), hold.reservationId(), hold.estimate(), 0, now, null, false, null, null, now,
                null, null, null, null));
        AfterCommit.run("jobs.wake", worker::wake);
        return new JobViews.Submitted(id, Job.QUEUED, BASE + id, hold.estimate());
    }

    /**
     * The job; with {@code waitSeconds > 0}, waits (at most that long, capped) until it
     * has ended.
     */
    public JobViews.JobView get(CurrentUser user, UUID id, int waitSeconds) {
        Job job = find(user, id);
        Duration wait = Duration.ofSeconds(Math.max(0, waitSeconds));
        Instant deadline = Instant.now().plus(wait.compareTo(properties.maxWait()) > 0 ? properties.maxWait() : wait);
        while (!job.finished() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(POLL_STEP);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            job = find(user, id);
        }
        return view(job);
    }

    public JobViews.JobPage list(CurrentUser user, String cursor, int limit) {
        Long before = decode(cursor);
        List<Job> page = jobs.list(user.id(), before, limit + 1);
        boolean more = page.size() > limit;
        List<Job> items = more ? page.subList(0, limit) : page;
        String next = more ? Long.toString(items.getLast().seq(), 36) : null;
        return new JobViews.JobPage(items.stream().map(this::view).toList(), next);
    }

    /**
     * Cancels a queued job (hold released now) or asks a running one to stop (charged
     * only for output already produced). An ended job is returned unchanged.
     */
    public JobViews.JobView cancel(CurrentUser user, UUID id) {
        Job job = find(user, id);
        if (Job.QUEUED.equals(job.status()) && outcomes.cancelQueued(job)) {
            if (job.inBatch()) {
                closer.closeIfDone(job.batchId());
            }
            return view(find(user, id));
        }
        if (jobs.requestCancel(id)) {
            worker.cancelLocally(id);
        }
        return view(find(user, id));
    }

    private Job find(CurrentUser user, UUID id) {
        return jobs.find(id, user.id()).orElseThrow(JobNotFoundException::new);
    }

    JobViews.JobView view(Job job) {
        return new JobViews.JobView(job.id(), job.status(), job.model(), job.estimate(), job.attempts(),
                job.cancelRequested(), job.createdAt(), job.startedAt(), job.finishedAt(),
                Job.QUEUED.equals(job.status()) && job.attempts() > 0 ? job.runAfter() : null, tree(job.result()),
                tree(job.error()), BASE + job.id());
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }

    private static Long decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(cursor, 36);
        }
        catch (NumberFormatException e) {
            throw new JobNotFoundException.InvalidCursor();
        }
    }

}
