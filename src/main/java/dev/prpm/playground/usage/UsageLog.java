package dev.prpm.playground.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records runs (usage rows and the SPEC's metrics:
 * prpm_playground_runs_total{model,status}, prpm_playground_duration_seconds{model},
 * prpm_playground_credits_spent_total{model,user_type}) and user ratings.
 */
@Service
class UsageLog {

    private final UsageRepository usage;

    private final MeterRegistry meters;

    UsageLog(UsageRepository usage, MeterRegistry meters) {
        this.usage = usage;
        this.meters = meters;
    }

    /** Writes the usage row; joins the caller's transaction (the run's commit). */
    @Transactional
    public void record(UsageRecord record, String userType) {
        usage.insert(record);
        String status = record.isError() ? "error" : "success";
        Counter.builder("prpm.playground.runs")
            .tag("model", record.model())
            .tag("status", status)
            .register(meters)
            .increment();
        Timer.builder("prpm.playground.duration")
            .tag("model", record.model())
            .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10))
            .register(meters)
            .record(Duration.ofMillis(record.durationMs()));
        if (record.credits() > 0) {
            Counter.builder("prpm.playground.credits.spent")
                .tag("model", record.model())
                .tag("user_type", userType)
                .register(meters)
                .increment(record.credits());
            DistributionSummary.builder("prpm.playground.credits.per.run")
                .tag("model", record.model())
                .register(meters)
                .record(record.credits());
        }
    }

    /** Sets the rating of every run of the session; returns how many runs were rated. */
    @Transactional
    public int rate(UUID sessionId, UUID userId, int rating) {
        return usage.rate(sessionId, userId, rating);
    }

}
