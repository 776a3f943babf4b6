package dev.prpm.playground.jobs;

import dev.prpm.playground.common.SnapshotGauges;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Gauges of the run job queue, read at scrape time (one query, reused for 5 s):
 * {@code prpm_jobs_queued}, {@code prpm_jobs_running} and
 * {@code prpm_jobs_oldest_queued_age_seconds}.
 */
@Component
class JobQueueGauges {

    JobQueueGauges(JobQueueRepository repository, MeterRegistry meters) {
        new SnapshotGauges<>(repository::queue, Duration.ofSeconds(5))
            .gauge(meters, "prpm.jobs.queued", "Run jobs waiting for a worker", Snapshot::queued)
            .gauge(meters, "prpm.jobs.running", "Run jobs being executed", Snapshot::running)
            .gauge(meters, "prpm.jobs.oldest.queued.age.seconds", "Age of the oldest queued run job",
                    Snapshot::oldestSeconds);
    }

    record Snapshot(long queued, long running, double oldestSeconds) {
    }

}
