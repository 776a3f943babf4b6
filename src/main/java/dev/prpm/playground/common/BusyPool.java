package dev.prpm.playground.common;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection pool that was only busy: no connection became free within the pool's
 * timeout while the database itself answers. Work that may queue (an admitted run, a
 * principal read several requests wait for) asks again instead of failing; a database
 * that is down fails at once.
 */
public final class BusyPool {

    /** Pause between two waits (each wait is itself a pool timeout). */
    public static final Duration PAUSE = Duration.ofMillis(20);

    private static final Logger log = LoggerFactory.getLogger(BusyPool.class);

    private BusyPool() {
    }

    /**
     * True when no connection became free in time while the database is reachable:
     * Hikari's timeout carries the last connection failure as its cause when the database
     * is not.
     */
    public static boolean busy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException timeout) {
                return timeout.getCause() == null && timeout.getNextException() == null;
            }
        }
        return false;
    }

    /**
     * Runs {@code work}, again while it fails only because the pool was busy, until
     * {@code patience} has passed; then, or on any other failure, throws what it threw.
     */
    public static <T> T waitFor(Supplier<T> work, Duration patience) {
        return waitFor("database work", work, patience);
    }

    /**
     * Like {@link #waitFor(Supplier, Duration)}, logging {@code what} waits at the first
     * busy pool and every tenth after it.
     */
    public static <T> T waitFor(String what, Supplier<T> work, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            }
            catch (RuntimeException e) {
                if (!busy(e) || System.nanoTime() >= deadline) {
                    throw e;
                }
                if (attempt == 1 || attempt % 10 == 0) {
                    log.info("database.pool_busy what={} attempt={} (waiting again)", what, attempt);
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a database connection", e);
        }
    }

}
