package dev.prpm.playground.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Gauges of the run job queue, read at scrape time (one query, reused for 5 s):
 * {@code prpm_jobs_queued}, {@code prpm_jobs_running} and
 * {@code prpm_jobs_oldest_queued_age_seconds}.
 */
@Component
class JobQueueGauges {

    private static final long MAX_AGE_NANOS = Duration.ofSeconds(5).toNanos();

    private final JobQueueRepository repository;

    private volatile Snapshot last;

    JobQueueGauges(JobQueueRepository repository, MeterRegistry meters) {
        this.repository = repository;
        gauge(meters, "prpm.jobs.queued", "Run jobs waiting for a worker", Snapshot::queued);
        gauge(meters, "prpm.jobs.running", "Run jobs being executed", Snapshot::running);
        gauge(meters, "prpm.jobs.oldest.queued.age.seconds", "Age of the oldest queued run job",
                Snapshot::oldestSeconds);
    }

    private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, gauges -> {
            Snapshot snapshot = gauges.current();
            return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
        }).description(description).register(meters);
    }

    private Snapshot current() {
        Snapshot snapshot = last;
        if (snapshot == null || System.nanoTime() - snapshot.readAt() > MAX_AGE_NANOS) {
            try {
                snapshot = repository.queue();
                last = snapshot;
            }
            catch (RuntimeException e) {
                return null;
            }
        }
        return snapshot;
    }

    record Snapshot(long queued, long running, double oldestSeconds, long readAt) {
    }

}
