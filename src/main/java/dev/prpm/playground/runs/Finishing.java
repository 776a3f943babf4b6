package dev.prpm.playground.runs;

import dev.prpm.playground.common.BusyPool;
import dev.prpm.playground.database.FinishingTransactions;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Finishing beats starting: settlements and releases run on the reserved connections
 * ({@link FinishingTransactions}) and are retried when no connection could be had in
 * time. Anything else (a closed hold, a deleted session) is not retried.
 */
@Component
class Finishing {

    static final int ATTEMPTS = 4;

    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger("playground.run");

    private final FinishingTransactions transactions;

    private final PoolWaitProperties waits;

    Finishing(FinishingTransactions transactions, PoolWaitProperties waits) {
        this.transactions = transactions;
        this.waits = waits;
    }

    /**
     * Runs {@code work} in a finishing transaction, retried on connection timeouts: while
     * the reserved pool is only busy, until {@link PoolWaitProperties#settlement()} has
     * passed (thousands of answers arriving at once queue, in arrival order, for its few
     * connections); other connection failures {@value #ATTEMPTS} times with backoff.
     */
    <T> T run(String what, Supplier<T> work) {
        long deadline = System.nanoTime() + waits.settlement().toNanos();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1;;) {
            try {
                return transactions.execute(work, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
            catch (RuntimeException e) {
                if (poolBusy(e) && System.nanoTime() < deadline) {
                    pause(BusyPool.PAUSE);
                    continue;
                }
                if (attempt++ >= ATTEMPTS || !noConnection(e)) {
                    throw e;
                }
                log.warn("playground.finish.retry what={} attempt={} reason={}", what, attempt, e.getMessage());
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** Once, without retrying (the background settler retries on its own schedule). */
    <T> T once(Supplier<T> work) {
        return transactions.execute(work);
    }

    /**
     * Runs the database work an admitted run does before anything is held (reading the
     * package and the conversation, taking the hold) and waits for a connection again
     * while the pool was only busy, until {@link PoolWaitProperties#admitted()} has
     * passed: admission already bounds how many runs wait, so a burst below the limit
     * queues instead of failing with 503. A database that is down still fails after one
     * timeout.
     */
    <T> T admitted(Supplier<T> work) {
        return admitted(work, waits.admitted());
    }

    static <T> T admitted(Supplier<T> work, Duration patience) {
        return BusyPool.waitFor("playground.run", work, patience);
    }

    /** True when no connection became free in time while the database is reachable. */
    static boolean poolBusy(Throwable failure) {
        return BusyPool.busy(failure);
    }

    /**
     * True when the failure is the database being out of reach (pool timeout, lost
     * connection), not something about the work itself.
     */
    static boolean noConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry a settlement", e);
        }
    }

}
