package dev.prpm.playground.credits;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(HoldGauges.class);

    private static final long MAX_AGE_NANOS = Duration.ofSeconds(5).toNanos();

    private final HoldGaugeRepository repository;

    private volatile Snapshot last;

    HoldGauges(HoldGaugeRepository repository, MeterRegistry meters) {
        this.repository = repository;
        gauge(meters, "prpm.credits.holds.open", "Open credit holds", Snapshot::open);
        gauge(meters, "prpm.credits.holds.open.credits", "Credits held by open holds", Snapshot::credits);
        gauge(meters, "prpm.credits.holds.oldest.age.seconds", "Age of the oldest open hold", Snapshot::oldestSeconds);
        gauge(meters, "prpm.credits.holds.overdue", "Open holds past their TTL", Snapshot::overdue);
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
                snapshot = repository.openHolds();
                last = snapshot;
            }
            catch (RuntimeException e) {
                log.debug("credits.hold_gauges_unavailable {}", e.getMessage());
                return null;
            }
        }
        return snapshot;
    }

    record Snapshot(long open, long credits, double oldestSeconds, long overdue, long readAt) {
    }

}
