package dev.prpm.playground.providers;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code maxConcurrentCalls} calls in flight to one provider
 * ({@link ModelProperties.Provider#maxConcurrentCalls()}); a call beyond it waits for a
 * slot, at most the provider's timeout, and then fails as a timeout. Over HTTP/1.1 each
 * call holds a socket, and one process may only open so many files: 10,000 runs in flight
 * with 10,000 provider sockets exceeded the open-file limit of 20,000
 * (docs/performance.md, "10,000 in flight (#15)").
 */
final class CallSlots {

    private final String providerId;

    private final Semaphore slots;

    private final Duration wait;

    CallSlots(String providerId, int size, Duration wait) {
        this.providerId = providerId;
        this.slots = new Semaphore(size);
        this.wait = wait;
    }

    static CallSlots of(String providerId, ModelProperties.Provider connection) {
        return connection == null
                ? new CallSlots(providerId, ModelProperties.Provider.DEFAULT_MAX_CONCURRENT_CALLS,
                        Duration.ofSeconds(60))
                : new CallSlots(providerId, connection.maxConcurrentCalls(), connection.timeout());
    }

    <T> T call(Supplier<T> work) {
        try {
            if (!slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ProviderException(ProviderException.Kind.TIMEOUT,
                        "No free call slot for " + providerId + " within " + wait);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.CONNECTION, "Interrupted waiting for a call slot");
        }
        try {
            return work.get();
        }
        finally {
            slots.release();
        }
    }

}
