package dev.prpm.playground.runs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How much model work one instance admits at once (docs/performance.md, "Overload (#18)",
 * has the measurements behind the defaults).
 *
 * @param maxConcurrentRuns runs, streams, compare legs and jobs in flight on this
 * instance; beyond it new work gets 503 {@code service_overloaded}
 * @param maxConcurrentRunsPerUser runs one user may have in flight; beyond it 429
 * {@code too_many_concurrent_runs}
 * @param retryAfter the Retry-After sent with either refusal
 * @param reservedForJobs part of {@code maxConcurrentRuns} that requests may not take, so
 * queued jobs still make progress under a flood of interactive runs
 */
@Validated
@ConfigurationProperties("prpm.admission")
record AdmissionProperties(@Min(1) @Max(100_000) @DefaultValue("1000") int maxConcurrentRuns,
        @Min(1) @Max(10_000) @DefaultValue("8") int maxConcurrentRunsPerUser,
        @NotNull @DefaultValue("2s") Duration retryAfter, @Min(0) @DefaultValue("0") int reservedForJobs) {
}
