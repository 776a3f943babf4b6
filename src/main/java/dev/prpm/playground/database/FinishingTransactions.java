package dev.prpm.playground.database;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions for work that finishes what was already paid for (a run's settlement, a
 * hold's release), on a small pool of connections that new work never uses: a flood of
 * new requests can exhaust the main pool but cannot stop answers already produced from
 * being committed. Code inside runs unchanged: its repositories and
 * {@code @Transactional} methods find the reserved connection bound as the main data
 * source's transaction and join it.
 * <p>
 * Work takes its turn in arrival order: a fair semaphore with one permit per reserved
 * connection is taken before the connection. Without it, thousands of answers arriving at
 * once would each wait a pool timeout, lose their place, and ask again, so the unlucky
 * ones waited out any patience while later ones were served (issue #15, 10,000 in
 * flight).
 */
public final class FinishingTransactions implements AutoCloseable {

    /** Set while this thread holds a turn: nested work joins the transaction it has. */
    private static final ThreadLocal<Boolean> HOLDING_TURN = new ThreadLocal<>();

    private final TransactionTemplate template;

    private final HikariDataSource reserved;

    private final Semaphore turns;

    FinishingTransactions(DataSource main, HikariDataSource reserved) {
        this.reserved = reserved;
        this.turns = reserved == null ? null : new Semaphore(reserved.getMaximumPoolSize(), true);
        DataSource source = reserved == null ? main : new ReservedSource(reserved, main);
        this.template = new TransactionTemplate(new DataSourceTransactionManager(source));
    }

    /**
     * Runs {@code work} in a transaction on a reserved connection (joining the caller's
     * transaction if there is one), waiting for its turn at most the pool's connection
     * timeout; throws what the work or the connection attempt threw.
     */
    public <T> T execute(Supplier<T> work) {
        return execute(work, reserved == null ? Duration.ZERO : Duration.ofMillis(reserved.getConnectionTimeout()));
    }

    /**
     * Like {@link #execute(Supplier)}, waiting in line for a reserved connection at most
     * {@code patience}. When no turn came, throws
     * {@link CannotCreateTransactionException} caused by a
     * {@link SQLTransientConnectionException} without a cause: the same as a pool timeout
     * while the database answers (a busy pool, {@code common.BusyPool}).
     */
    public <T> T execute(Supplier<T> work, Duration patience) {
        if (turns == null || HOLDING_TURN.get() != null) {
            return template.execute(status -> work.get());
        }
        awaitTurn(patience);
        HOLDING_TURN.set(Boolean.TRUE);
        try {
            return template.execute(status -> work.get());
        }
        finally {
            HOLDING_TURN.remove();
            turns.release();
        }
    }

    /** How much work is waiting for a turn now. */
    public int waiting() {
        return turns == null ? 0 : turns.getQueueLength();
    }

    private void awaitTurn(Duration patience) {
        try {
            if (!turns.tryAcquire(Math.max(0, patience.toNanos()), TimeUnit.NANOSECONDS)) {
                throw new CannotCreateTransactionException("No reserved connection within " + patience,
                        new SQLTransientConnectionException(
                                reserved.getPoolName() + " - no turn for a connection within " + patience));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CannotCreateTransactionException("Interrupted while waiting for a reserved connection", e);
        }
    }

    /** Connections in the reserved pool (0: no reserved pool, the main one is used). */
    public int reservedConnections() {
        return reserved == null ? 0 : reserved.getMaximumPoolSize();
    }

    @Override
    public void close() {
        if (reserved != null) {
            reserved.close();
        }
    }

    /**
     * Hands out reserved connections but is the main data source as far as transaction
     * synchronisation is concerned (the key under which the connection is bound).
     */
    private static final class ReservedSource extends DelegatingDataSource implements InfrastructureProxy {

        private final DataSource main;

        ReservedSource(DataSource reserved, DataSource main) {
            super(reserved);
            this.main = main;
        }

        @Override
        public Object getWrappedObject() {
            return main;
        }

    }

}
