package dev.prpm.playground.credits;

import dev.prpm.playground.common.SnapshotGauges;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Gauges of the open credit holds, read at scrape time (one query, reused for 5 s):
 * {@code prpm_credits_holds_open}, {@code prpm_credits_holds_open_credits},
 * {@code prpm_credits_holds_oldest_age_seconds} and {@code prpm_credits_holds_overdue}
 * (open past their TTL: the reaper is behind or not running). The reaper's releases are
 * {@code prpm_credit_reservations_total{outcome="expired"}}.
 */
@Component
class HoldGauges {

    HoldGauges(HoldGaugeRepository repository, MeterRegistry meters) {
        new SnapshotGauges<>(repository::openHolds, Duration.ofSeconds(5))
            .gauge(meters, "prpm.credits.holds.open", "Open credit holds", Snapshot::open)
            .gauge(meters, "prpm.credits.holds.open.credits", "Credits held by open holds", Snapshot::credits)
            .gauge(meters, "prpm.credits.holds.oldest.age.seconds", "Age of the oldest open hold",
                    Snapshot::oldestSeconds)
            .gauge(meters, "prpm.credits.holds.overdue", "Open holds past their TTL", Snapshot::overdue);
    }

    record Snapshot(long open, long credits, double oldestSeconds, long overdue) {
    }

}
