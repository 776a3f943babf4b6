package dev.prpm.playground.database;

import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions for work that finishes what was already paid for (a run's settlement, a
 * hold's release), on a small pool of connections that new work never uses: a flood of
 * new requests can exhaust the main pool but cannot stop answers already produced from
 * being committed. Code inside runs unchanged: its repositories and
 * {@code @Transactional} methods find the reserved connection bound as the main data
 * source's transaction and join it.
 */
public final class FinishingTransactions implements AutoCloseable {

    private final TransactionTemplate template;

    private final HikariDataSource reserved;

    FinishingTransactions(DataSource main, HikariDataSource reserved) {
        this.reserved = reserved;
        DataSource source = reserved == null ? main : new ReservedSource(reserved, main);
        this.template = new TransactionTemplate(new DataSourceTransactionManager(source));
    }

    /**
     * Runs {@code work} in a transaction on a reserved connection (joining the caller's
     * transaction if there is one); throws what the work or the connection attempt threw.
     */
    public <T> T execute(Supplier<T> work) {
        return template.execute(status -> work.get());
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
