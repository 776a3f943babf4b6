package dev.prpm.playground.runs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Admission control: bounds the model work in flight on this instance, in total and per
 * user, before anything touches the database or the user's credits. A refusal is fast and
 * free (503 {@code service_overloaded} or 429 {@code too_many_concurrent_runs}, both with
 * Retry-After); an admitted run holds one permit per model call until it has settled or
 * released its hold.
 */
@Component
public class AdmissionGate {

    private final AdmissionProperties limits;

    private final AtomicInteger inFlight = new AtomicInteger();

    private final Map<UUID, Integer> perUser = new ConcurrentHashMap<>();

    private final Counter refusedOverloaded;

    private final Counter refusedPerUser;

    AdmissionGate(AdmissionProperties limits, MeterRegistry registry) {
        this.limits = limits;
        Gauge.builder("prpm.admission.in_flight", inFlight, AtomicInteger::get)
            .description("Model calls admitted and not yet finished")
            .register(registry);
        Gauge.builder("prpm.admission.limit", limits, AdmissionProperties::maxConcurrentRuns).register(registry);
        this.refusedOverloaded = Counter.builder("prpm.admission.refused")
            .tag("reason", "overloaded")
            .register(registry);
        this.refusedPerUser = Counter.builder("prpm.admission.refused").tag("reason", "per_user").register(registry);
    }

    /**
     * Admits {@code legs} model calls of a user's request (a compare has two), or throws
     * 503 or 429. Close the permit when the work has finished.
     */
    Permit admit(UUID userId, int legs) {
        if (perUser.merge(userId, legs, Integer::sum) > limits.maxConcurrentRunsPerUser()) {
            release(userId, legs);
            refusedPerUser.increment();
            throw new PlaygroundExceptions.TooManyConcurrentRuns(limits.maxConcurrentRunsPerUser(),
                    limits.retryAfter());
        }
        int ceiling = limits.maxConcurrentRuns() - limits.reservedForJobs();
        if (inFlight.addAndGet(legs) > ceiling) {
            inFlight.addAndGet(-legs);
            release(userId, legs);
            refusedOverloaded.increment();
            throw new PlaygroundExceptions.Overloaded(limits.retryAfter());
        }
        return new Permit(() -> {
            inFlight.addAndGet(-legs);
            release(userId, legs);
        });
    }

    /**
     * A permit for background work (a queued job), if the instance has room; jobs may use
     * the part reserved for them. Empty means: leave it queued and look again later.
     */
    public Optional<Permit> tryAdmitBackground() {
        if (inFlight.incrementAndGet() > limits.maxConcurrentRuns()) {
            inFlight.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new Permit(inFlight::decrementAndGet));
    }

    /** Model calls in flight on this instance. */
    public int inFlight() {
        return inFlight.get();
    }

    private void release(UUID userId, int legs) {
        perUser.computeIfPresent(userId, (id, count) -> count - legs <= 0 ? null : count - legs);
    }

    /** Admitted work; closing it (once, idempotent) gives the capacity back. */
    public static final class Permit implements AutoCloseable {

        private final Runnable onClose;

        private final AtomicBoolean closed = new AtomicBoolean();

        Permit(Runnable onClose) {
            this.onClose = onClose;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }

    }

}
