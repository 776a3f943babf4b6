package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: calls to one provider beyond its {@code max-concurrent-calls} wait for a
 * slot (each call holds a socket over HTTP/1.1), and give up as a timeout after the
 * provider's timeout.
 */
class CallSlotsTest {

    @Test
    void aCallBeyondTheCapWaitsForASlotAndRunsWhenOneIsFree() throws Exception {
        CallSlots slots = new CallSlots("anthropic", 2, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?>[] futures = new Future<?>[3];
            for (int i = 0; i < 3; i++) {
                futures[i] = calls.submit(() -> slots.call(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    return "answer";
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
            release.countDown();
            for (Future<?> future : futures) {
                assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("answer");
            }
        }
        assertThat(most).as("never more than the cap at once").hasValue(2);
    }

    @Test
    void noFreeSlotWithinTheProvidersTimeoutIsATimeout() throws Exception {
        CallSlots slots = new CallSlots("anthropic", 1, Duration.ofMillis(100));
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch taken = new CountDownLatch(1);
            Future<String> first = calls.submit(() -> slots.call(() -> {
                taken.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "first";
            }));
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> slots.call(() -> "second")).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT));
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        }
        assertThat(slots.call(() -> "after")).as("the slot was given back").isEqualTo("after");
    }

}
