package dev.prpm.playground.runs;

import dev.prpm.playground.credits.CreditQueries;
import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.credits.Reservations;
import dev.prpm.playground.idempotency.Idempotency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps answers whose settlement could not get a connection even after retries, and
 * commits them as soon as the database has room: the hold stays open in the database (the
 * reaper releases it only after {@code prpm.credits.hold-ttl}; a later settlement still
 * charges), the answer waits in the {@link SettlementSpool} on disk, so neither a crash
 * nor a restart throws a paid answer away. The spool is replayed at startup and every
 * {@code interval}; a replay whose settlement already committed (the process died before
 * deleting the file) only deletes the file. An answer that cannot be committed at all
 * counts in {@code prpm_runs_answers_lost}.
 */
@Component
class BackgroundSettler {

    static final Duration FLUSH_ON_SHUTDOWN = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger("playground.run");

    /** Only if the spool cannot be written (disk full): kept in memory, not durable. */
    private final Queue<KeptAnswer> unspooled = new ConcurrentLinkedQueue<>();

    private final SettlementSpool spool;

    private final boolean temporarySpool;

    private final Duration interval;

    private final RunCommitter committer;

    private final Finishing finishing;

    private final Reservations reservations;

    private final CreditQueries credits;

    private final Idempotency idempotency;

    private final Counter answersLost;

    private volatile Thread worker;

    private volatile boolean running = true;

    BackgroundSettler(SettlementSpoolProperties settings, ObjectMapper json, RunCommitter committer,
            Finishing finishing, Reservations reservations, CreditQueries credits, Idempotency idempotency,
            MeterRegistry registry) {
        this.temporarySpool = settings.dir() == null || settings.dir().isBlank();
        this.spool = new SettlementSpool(directory(settings.dir()), settings.fsync(), json);
        this.interval = settings.interval();
        this.committer = committer;
        this.finishing = finishing;
        this.reservations = reservations;
        this.credits = credits;
        this.idempotency = idempotency;
        this.answersLost = answersLost(registry);
        Gauge.builder("prpm.runs.settlements.pending", this, BackgroundSettler::pending)
            .description("Answers waiting for a connection to be settled (spooled on disk)")
            .register(registry);
    }

    static Counter answersLost(MeterRegistry registry) {
        return Counter.builder("prpm.runs.answers.lost")
            .description("Model answers produced (and paid for upstream) that were neither saved nor charged")
            .register(registry);
    }

    /** Replays what a previous process left in the spool, then keeps retrying. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (worker == null) {
            worker = Thread.ofVirtual().name("background-settler").start(this::loop);
        }
    }

    /** Keeps an answered run for a later settlement, on disk before this returns. */
    void keep(PreparedRun run, Reservation hold, Answer answer, long durationMs, Idempotency.ClaimRef claim) {
        KeptAnswer kept = KeptAnswer.of(run, hold, answer, durationMs, claim);
        try {
            spool.write(kept);
        }
        catch (RuntimeException e) {
            unspooled.add(kept);
            log.error("playground.run.spool_failed runId={} (kept in memory only)", run.runId(), e);
        }
        log.warn("playground.run.settlement_deferred runId={} reservationId={} pending={}", run.runId(), hold.id(),
                pending());
    }

    /** Answers kept and not yet settled (or given up). */
    int pending() {
        return spool.size() + unspooled.size();
    }

    Path spoolDirectory() {
        return spool.dir();
    }

    private void loop() {
        while (running) {
            try {
                settleAll();
            }
            catch (RuntimeException e) {
                log.warn("playground.run.settler_pass_failed reason={}", e.getMessage());
            }
            try {
                Thread.sleep(interval);
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One pass over the kept answers (spool first); stops at the first that still gets no
     * connection.
     */
    synchronized void settleAll() {
        for (Path file : spool.files()) {
            KeptAnswer kept;
            try {
                kept = spool.read(file);
            }
            catch (RuntimeException e) {
                log.error("playground.run.spool_unreadable file={}", file, e);
                spool.quarantine(file);
                answersLost.increment();
                continue;
            }
            if (!settle(kept)) {
                return;
            }
            spool.delete(file);
        }
        for (int n = unspooled.size(); n > 0; n--) {
            KeptAnswer kept = unspooled.poll();
            if (kept == null) {
                return;
            }
            if (!settle(kept)) {
                unspooled.add(kept);
                return;
            }
        }
    }

    /** False when there is still no connection; true when done with it (either way). */
    private boolean settle(KeptAnswer kept) {
        try {
            boolean already = finishing.once(() -> {
                if (credits.holdSettled(kept.hold().id())) {
                    return true;
                }
                committer.commit(kept.run(), kept.answer(), kept.hold(), kept.durationMs(),
                        result -> idempotency.record(kept.claim(), HttpStatus.OK.value(), result));
                return false;
            });
            log.info("playground.run.settled_later runId={} alreadySettled={}", kept.run().runId(), already);
            return true;
        }
        catch (RuntimeException e) {
            if (Finishing.noConnection(e)) {
                return false;
            }
            answersLost.increment();
            log.error("playground.run.answer_lost runId={} reason={}", kept.run().runId(), e.getMessage());
            try {
                reservations.release(kept.hold().id(), "Run could not be settled");
            }
            catch (RuntimeException releaseFailure) {
                log.warn("playground.run.release_failed reservationId={}", kept.hold().id());
            }
            return true;
        }
    }

    @PreDestroy
    void flush() {
        running = false;
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
        long deadline = System.nanoTime() + FLUSH_ON_SHUTDOWN.toNanos();
        while (pending() > 0 && System.nanoTime() < deadline) {
            try {
                settleAll();
                if (pending() > 0) {
                    Thread.sleep(interval);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            catch (RuntimeException e) {
                break;
            }
        }
        if (!unspooled.isEmpty()) {
            log.error("playground.run.unsettled_at_shutdown count={} (not spooled: their holds expire with the reaper)",
                    unspooled.size());
            answersLost.increment(unspooled.size());
        }
        int left = spool.size();
        if (left > 0) {
            log.warn("playground.run.spooled_at_shutdown count={} dir={} (settled at the next start)", left,
                    spool.dir());
        }
        else if (temporarySpool) {
            try {
                Files.deleteIfExists(spool.dir());
            }
            catch (IOException e) {
                // a temporary directory; the OS cleans it up
            }
        }
    }

    private static Path directory(String configured) {
        try {
            return configured == null || configured.isBlank() ? Files.createTempDirectory("prpm-settlement-spool")
                    : Path.of(configured);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
