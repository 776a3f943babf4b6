package dev.prpm.playground.jobs;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Job queue settings.
 *
 * @param workerEnabled whether this instance runs jobs (an API-only instance still
 * accepts them)
 * @param concurrency jobs one instance runs at once (virtual threads)
 * @param maxRunningPerUser running jobs one user may have at once (fairness)
 * @param maxAttempts attempts per job, the first included
 * @param lease how long a claimed job stays with its worker without a heartbeat
 * @param heartbeat how often a worker renews its leases (well under {@code lease})
 * @param pollInterval how often an idle worker looks for due jobs
 * @param initialBackoff wait before the second attempt; doubled (times
 * {@code backoffMultiplier}) for each further one
 * @param backoffMultiplier growth of the backoff per attempt
 * @param jitter random spread of each backoff, as a fraction (0.5 = ±50 %)
 * @param holdTtl how long a job's credit hold lasts before the reaper may release it
 * @param maxWait longest long-poll a client may ask for
 */
@Validated
@ConfigurationProperties("prpm.jobs")
record JobProperties(@DefaultValue("true") boolean workerEnabled, @Min(1) @Max(500) @DefaultValue("10") int concurrency,
        @Min(1) @DefaultValue("5") int maxRunningPerUser, @Min(1) @Max(10) @DefaultValue("3") int maxAttempts,
        @NotNull @DefaultValue("30s") Duration lease, @NotNull @DefaultValue("10s") Duration heartbeat,
        @NotNull @DefaultValue("500ms") Duration pollInterval, @NotNull @DefaultValue("2s") Duration initialBackoff,
        @DecimalMin("1.0") @DefaultValue("2.0") double backoffMultiplier,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double jitter,
        @NotNull @DefaultValue("24h") Duration holdTtl, @NotNull @DefaultValue("30s") Duration maxWait) {

    JobProperties {
        if (lease != null && heartbeat != null && heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("prpm.jobs.heartbeat must be shorter than prpm.jobs.lease");
        }
    }

}
