package dev.prpm.playground.usage;

import dev.prpm.playground.common.AfterCommit;
import dev.prpm.playground.runs.RunCompleted;
import dev.prpm.playground.runs.RunFailed;
import dev.prpm.playground.runs.RunRejected;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The SPEC's run metrics and one summary log line per run, from the run events after they
 * are final (a completed run after its commit; a failed or refused run at once):
 * {@code prpm_playground_runs_total{model,status}},
 * {@code prpm_playground_duration_seconds{model}} (buckets 0.1 0.5 1 2 5 10),
 * {@code prpm_playground_credits_spent_total{model,user_type}}. No user id in any label.
 * <p>
 * Plain listeners that defer to the transaction's completion themselves rather than
 * {@code @TransactionalEventListener}s: Spring Modulith keeps a publication row for every
 * transactional listener (an insert in the run's commit and two updates in transactions
 * of their own, 2 of a run's 4 transactions), which metrics and a log line do not need.
 */
@Component
class RunMetrics {

    private static final Logger log = LoggerFactory.getLogger("playground.run.summary");

    private static final Duration[] BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10) };

    private final MeterRegistry meters;

    private final UsageProperties properties;

    // The meters of each label set, built once: a builder and a registry lookup per run
    // were a measurable part of a run's CPU (issue #15).
    private final ConcurrentMap<List<String>, Counter> runs = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();

    private final ConcurrentMap<List<String>, Counter> spent = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, DistributionSummary> perRun = new ConcurrentHashMap<>();

    RunMetrics(MeterRegistry meters, UsageProperties properties) {
        this.meters = meters;
        this.properties = properties;
    }

    @EventListener
    void on(RunCompleted run) {
        AfterCommit.run("playground.run.summary", () -> completed(run));
    }

    @EventListener
    void on(RunFailed run) {
        AfterCommit.run("playground.run.summary", () -> failed(run));
    }

    @EventListener
    void on(RunRejected run) {
        AfterCommit.run("playground.run.summary", () -> rejected(run));
    }

    private void completed(RunCompleted run) {
        String status = run.partial() ? "partial" : "success";
        count(run.servedBy(), status);
        duration(run.servedBy(), run.durationMs());
        if (run.credits() > 0) {
            spent
                .computeIfAbsent(List.of(run.servedBy(), run.userTier()),
                        key -> Counter.builder("prpm.playground.credits.spent")
                            .description("Credits charged for runs")
                            .tag("model", key.get(0))
                            .tag("user_type", key.get(1))
                            .register(meters))
                .increment(run.credits());
            perRun
                .computeIfAbsent(run.servedBy(),
                        model -> DistributionSummary.builder("prpm.playground.credits.per.run")
                            .tag("model", model)
                            .register(meters))
                .record(run.credits());
        }
        log.info("playground.run.summary user={} model={} status={} credits={} durationMs={} attempts={}{}",
                user(run.userId()), run.servedBy(), status, run.credits(), run.durationMs(), run.attempts(),
                run.fallbackFrom() == null ? "" : " fallbackFrom=" + run.fallbackFrom());
    }

    private void failed(RunFailed run) {
        String status = status(run.errorCode());
        count(run.model(), status);
        duration(run.model(), run.durationMs());
        log.info("playground.run.summary user={} model={} status={} error={} credits=0 durationMs={}",
                user(run.userId()), run.model(), status, run.errorCode(), run.durationMs());
    }

    private void rejected(RunRejected run) {
        String status = status(run.errorCode());
        count(run.model(), status);
        log.info("playground.run.summary user={} model={} status={} error={} credits=0 durationMs=0 attempts=0",
                user(run.userId()), run.model(), status, run.errorCode());
    }

    /** The metric's status for an error code: a few named outcomes, otherwise error. */
    static String status(String errorCode) {
        return switch (errorCode) {
            case "insufficient_credits", "spending_cap_reached" -> "insufficient_credits";
            case "rate_limit_exceeded" -> "rate_limited";
            case "client_disconnected", "server_shutting_down", "job_cancelled" -> "cancelled";
            default -> "error";
        };
    }

    private void count(String model, String status) {
        runs.computeIfAbsent(List.of(model, status),
                key -> Counter.builder("prpm.playground.runs")
                    .description("Runs by model and outcome")
                    .tag("model", key.get(0))
                    .tag("status", key.get(1))
                    .register(meters))
            .increment();
    }

    private void duration(String model, long millis) {
        durations
            .computeIfAbsent(model,
                    key -> Timer.builder("prpm.playground.duration")
                        .description("Run duration, model time included")
                        .tag("model", key)
                        .serviceLevelObjectives(BUCKETS)
                        .register(meters))
            .record(Duration.ofMillis(millis));
    }

    private String user(UUID userId) {
        if (properties.summaryUserId() == UsageProperties.UserIdInLogs.RAW) {
            return userId.toString();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(userId.toString().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 8);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

}
