package dev.prpm.playground.common;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Several gauges read from one snapshot (typically one query), taken at scrape time and
 * reused for {@code maxAge}, so a scrape of N gauges costs one read. While the snapshot
 * cannot be read (database away), the gauges report NaN.
 *
 * @param <S> the snapshot
 */
public final class SnapshotGauges<S> {

    private final Supplier<S> read;

    private final long maxAgeNanos;

    private volatile Taken<S> last;

    public SnapshotGauges(Supplier<S> read, Duration maxAge) {
        this.read = read;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** Registers a gauge reporting {@code value} of the current snapshot. */
    public SnapshotGauges<S> gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<S> value) {
        Gauge.builder(name, this, gauges -> {
            S snapshot = gauges.current();
            return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
        }).description(description).register(meters);
        return this;
    }

    private S current() {
        Taken<S> taken = last;
        if (taken == null || System.nanoTime() - taken.at() > maxAgeNanos) {
            try {
                taken = new Taken<>(read.get(), System.nanoTime());
                last = taken;
            }
            catch (RuntimeException e) {
                return null;
            }
        }
        return taken.snapshot();
    }

    private record Taken<S>(S snapshot, long at) {
    }

}
