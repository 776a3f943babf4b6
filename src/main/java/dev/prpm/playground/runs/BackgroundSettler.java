package dev.prpm.playground.runs;

import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.credits.Reservations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps answers whose settlement could not get a connection even after retries, and
 * commits them as soon as the database has room: the hold stays open in the database (the
 * reaper releases it only after {@code prpm.credits.hold-ttl}), the answer waits here. A
 * paid answer is never thrown away for want of a connection; one that cannot be committed
 * at all (its hold already closed) counts in {@code prpm_runs_answers_lost}.
 */
@Component
class BackgroundSettler {

    static final Duration INTERVAL = Duration.ofMillis(500);

    static final Duration FLUSH_ON_SHUTDOWN = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger("playground.run");

    private final Queue<Kept> kept = new ConcurrentLinkedQueue<>();

    private final AtomicInteger outstanding = new AtomicInteger();

    private final RunCommitter committer;

    private final Finishing finishing;

    private final Reservations reservations;

    private final Counter answersLost;

    private final Thread worker;

    private volatile boolean running = true;

    BackgroundSettler(RunCommitter committer, Finishing finishing, Reservations reservations, MeterRegistry registry) {
        this.committer = committer;
        this.finishing = finishing;
        this.reservations = reservations;
        this.answersLost = answersLost(registry);
        Gauge.builder("prpm.runs.settlements.pending", outstanding, AtomicInteger::get)
            .description("Answers waiting for a connection to be settled")
            .register(registry);
        this.worker = Thread.ofVirtual().name("background-settler").start(this::loop);
    }

    static Counter answersLost(MeterRegistry registry) {
        return Counter.builder("prpm.runs.answers.lost")
            .description("Model answers produced (and paid for upstream) that were neither saved nor charged")
            .register(registry);
    }

    /** Keeps an answered run for a later settlement. */
    void keep(PreparedRun run, Reservation hold, Answer answer, long durationMs,
            java.util.function.Consumer<RunResult> inTransaction) {
        outstanding.incrementAndGet();
        kept.add(new Kept(run, hold, answer, durationMs, inTransaction));
        log.warn("playground.run.settlement_deferred runId={} reservationId={} pending={}", run.runId(), hold.id(),
                outstanding.get());
    }

    /** Answers kept and not yet settled (or given up). */
    int pending() {
        return outstanding.get();
    }

    private void loop() {
        while (running) {
            settleAll();
            try {
                Thread.sleep(INTERVAL);
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass over the kept answers; those still without a connection stay. */
    void settleAll() {
        for (int n = kept.size(); n > 0; n--) {
            Kept next = kept.poll();
            if (next == null) {
                return;
            }
            try {
                finishing.once(() -> committer.commit(next.run(), next.answer(), next.hold(), next.durationMs(),
                        next.inTransaction()));
                outstanding.decrementAndGet();
                log.info("playground.run.settled_later runId={}", next.run().runId());
            }
            catch (RuntimeException e) {
                if (Finishing.noConnection(e)) {
                    kept.add(next);
                    return;
                }
                outstanding.decrementAndGet();
                answersLost.increment();
                log.error("playground.run.answer_lost runId={} reason={}", next.run().runId(), e.getMessage());
                try {
                    reservations.release(next.hold().id(), "Run could not be settled");
                }
                catch (RuntimeException releaseFailure) {
                    log.warn("playground.run.release_failed reservationId={}", next.hold().id());
                }
            }
        }
    }

    @PreDestroy
    void flush() {
        running = false;
        worker.interrupt();
        long deadline = System.nanoTime() + FLUSH_ON_SHUTDOWN.toNanos();
        while (!kept.isEmpty() && System.nanoTime() < deadline) {
            settleAll();
            if (!kept.isEmpty()) {
                try {
                    Thread.sleep(INTERVAL);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!kept.isEmpty()) {
            log.error("playground.run.unsettled_at_shutdown count={} (their holds expire with the reaper)",
                    kept.size());
            answersLost.increment(kept.size());
        }
    }

    private record Kept(PreparedRun run, Reservation hold, Answer answer, long durationMs,
            java.util.function.Consumer<RunResult> inTransaction) {
    }

}
