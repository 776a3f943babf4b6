package dev.prpm.playground.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** What the jobs API returns. */
final class JobViews {

    private JobViews() {
    }

    /** The answer to a submission: where to poll. */
    record Submitted(UUID jobId, String status, String pollUrl, long estimatedCredits) {
    }

    /**
     * A job: its state, attempts and timestamps, and once it ended, the same result body
     * as a synchronous run (or the error of the last attempt).
     */
    record JobView(UUID jobId, String status, String model, long estimatedCredits, int attempts,
            boolean cancelRequested, Instant createdAt, Instant startedAt, Instant finishedAt, Instant nextAttemptAt,
            JsonNode result, JsonNode error, String pollUrl) {
    }

    /** A page of jobs, newest first; pass {@code nextCursor} back for the next page. */
    record JobPage(List<JobView> items, String nextCursor) {
    }

}
