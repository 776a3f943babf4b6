package dev.prpm.playground.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The time a run spends outside the model ({@code prpm_playground_overhead_seconds}): the
 * run's observation ({@code prpm.run}, span {@code playground.executePrompt}) minus the
 * provider call observations ({@code prpm.provider.call}) below it — validation, holds,
 * retry waits, settlement, session and usage writes.
 */
@Component
class RunOverhead implements ObservationHandler<Observation.Context> {

    static final String RUN = "prpm.run";

    static final String CALL = "prpm.provider.call";

    private static final String STARTED = RunOverhead.class.getName() + ".started";

    private static final String PROVIDER_NANOS = RunOverhead.class.getName() + ".providerNanos";

    private static final Duration[] BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5) };

    private final Timer overhead;

    RunOverhead(MeterRegistry meters) {
        this.overhead = Timer.builder("prpm.playground.overhead")
            .description("Run duration minus the time spent in provider calls")
            .serviceLevelObjectives(BUCKETS)
            .register(meters);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return RUN.equals(context.getName()) || CALL.equals(context.getName());
    }

    @Override
    public void onStart(Observation.Context context) {
        context.put(STARTED, System.nanoTime());
        if (RUN.equals(context.getName())) {
            context.put(PROVIDER_NANOS, new AtomicLong());
        }
    }

    @Override
    public void onStop(Observation.Context context) {
        Long started = context.get(STARTED);
        if (started == null) {
            return;
        }
        long elapsed = System.nanoTime() - started;
        if (CALL.equals(context.getName())) {
            AtomicLong providerNanos = enclosingRun(context.getParentObservation());
            if (providerNanos != null) {
                providerNanos.addAndGet(elapsed);
            }
            return;
        }
        AtomicLong providerNanos = context.get(PROVIDER_NANOS);
        long inProvider = providerNanos == null ? 0 : providerNanos.get();
        overhead.record(Duration.ofNanos(Math.max(0, elapsed - inProvider)));
    }

    private static AtomicLong enclosingRun(ObservationView parent) {
        ObservationView current = parent;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (RUN.equals(current.getContextView().getName())) {
                return current.getContextView().get(PROVIDER_NANOS);
            }
            current = current.getContextView().getParentObservation();
        }
        return null;
    }

}
