package dev.prpm.playground.credits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Reservation counters: prpm_credit_reservations_total{outcome},
 * prpm_credits_settled_total.
 */
@Component
class CreditMetrics {

    private final Counter reserved;

    private final Counter rejected;

    private final Counter released;

    private final Counter expired;

    private final Counter settled;

    private final Counter creditsSettled;

    private final Counter overdrawn;

    private final Counter writtenOff;

    CreditMetrics(MeterRegistry registry) {
        this.reserved = counter(registry, "held");
        this.rejected = counter(registry, "insufficient");
        this.released = counter(registry, "released");
        this.expired = counter(registry, "expired");
        this.settled = counter(registry, "settled");
        this.creditsSettled = Counter.builder("prpm.credits.settled")
            .description("Credits charged by settlements")
            .register(registry);
        this.overdrawn = Counter.builder("prpm.credits.overdraft")
            .description("Credits owed because a run's actual usage exceeded its hold and the balance")
            .register(registry);
        this.writtenOff = Counter.builder("prpm.credits.written.off")
            .description("Credits of actual usage beyond the overdraft limit, not charged (alert above 0)")
            .register(registry);
    }

    void overdraft(long owed, long beyondLimit) {
        overdrawn.increment(owed);
        writtenOff.increment(beyondLimit);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("prpm.credit.reservations")
            .tag("outcome", outcome)
            .description("Credit reservations by outcome")
            .register(registry);
    }

    void reserved() {
        reserved.increment();
    }

    void rejected() {
        rejected.increment();
    }

    void released() {
        released.increment();
    }

    void expired() {
        expired.increment();
    }

    void settled(long credits) {
        settled.increment();
        creditsSettled.increment(credits);
    }

}
