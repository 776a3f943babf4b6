package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Finding 2, the drain's rules without a server (the process test drives it for real).
 */
class RunDrainTest {

    private final RunDrain drain = new RunDrain(
            new PlaygroundProperties(40, 200_000, Duration.ofMinutes(5), Duration.ofMillis(200)));

    @Test
    void onceStoppingNewRunsAndStreamsAreRefusedWithRetryAfter() {
        drain.start();
        drain.admit().close();
        drain.stop(() -> {
        });
        assertThatThrownBy(drain::admit).isInstanceOfSatisfying(PlaygroundExceptions.ServerShuttingDown.class,
                e -> assertThat(e.headers()).containsEntry("Retry-After", "5"));
        assertThatThrownBy(drain::admitStream).isInstanceOf(PlaygroundExceptions.ServerShuttingDown.class);
    }

    @Test
    void aStreamStillRunningAtTheEndOfTheGraceIsToldToEndAndInterruptedWhileItWaits() throws Exception {
        drain.start();
        RunDrain.StreamHandle handle = drain.admitStream();
        AtomicBoolean sawCancel = new AtomicBoolean();
        Thread pump = Thread.ofVirtual().unstarted(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(1));
            }
            catch (InterruptedException e) {
                sawCancel.set(handle.cancelled());
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            }
            finally {
                drain.finished(handle);
            }
        });
        handle.attach(pump);
        pump.start();
        CountDownLatch stopped = new CountDownLatch(1);

        drain.stop(stopped::countDown);

        await().atMost(Duration.ofSeconds(10)).until(() -> stopped.getCount() == 0);
        assertThat(sawCancel).isTrue();
        assertThat(drain.inFlight()).isZero();
        assertThat(drain.isRunning()).isFalse();
    }

    @Test
    void aStreamThatIsCommittingIsNotInterrupted() {
        RunDrain.StreamHandle handle = drain.admitStream();
        handle.attach(Thread.currentThread());
        handle.committing();
        handle.cancel();
        assertThat(handle.cancelled()).isFalse();
        assertThat(Thread.interrupted()).isFalse();
        drain.finished(handle);
    }

    @Test
    void aBlockingRunThatOutlivesTheGraceDoesNotHoldTheShutdownForever() {
        drain.start();
        RunDrain.Ticket ticket = drain.admit();
        assertThat(drain.inFlight()).isEqualTo(1);
        drain.stop();
        assertThat(drain.isRunning()).isFalse();
        assertThat(drain.inFlight()).as("left to the web server's own graceful shutdown").isEqualTo(1);
        ticket.close();
        assertThat(drain.inFlight()).isZero();
        assertThat(drain.getPhase()).isLessThan(Integer.MAX_VALUE).isGreaterThan(Integer.MAX_VALUE - 1024);
    }

}
