package dev.prpm.playground.credits;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.prpm.playground.database.EmbeddedDatabaseProperties;
import dev.prpm.playground.database.EmbeddedPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The credits services wired by hand on their own embedded PostgreSQL (migrated by
 * Flyway), for property tests and benchmarks that run outside a Spring context.
 */
final class StandaloneLedger implements AutoCloseable {

    final EmbeddedPostgres server;

    final HikariDataSource dataSource;

    final JdbcClient jdbc;

    final TransactionTemplate tx;

    final Reservations reservations;

    final CreditLedger ledger;

    /**
     * Statements prepared through {@link #jdbc} and the services (round trips, commits
     * aside).
     */
    final AtomicLong statements = new AtomicLong();

    StandaloneLedger(boolean fsync, int poolSize) {
        server = EmbeddedPostgres.start(new EmbeddedDatabaseProperties("", 0, fsync, "prpm", poolSize + 20));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl("prpm"));
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(poolSize);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        DataSource counted = counting(dataSource, statements);
        jdbc = JdbcClient.create(counted);
        tx = new TransactionTemplate(new DataSourceTransactionManager(counted));
        Clock clock = Clock.systemUTC();
        CreditProperties properties = new CreditProperties(5, 200, Duration.ofMinutes(10), Duration.ofMinutes(1),
                Duration.ofMinutes(15), "/buy", Duration.ofMinutes(10), 50);
        CreditAccountRepository accounts = new CreditAccountRepository(jdbc);
        LedgerWriter writer = new LedgerWriter(accounts, clock);
        var meters = new SimpleMeterRegistry();
        reservations = new Reservations(writer, new ReservationRepository(jdbc), properties, new CreditMetrics(meters),
                new SpendingCaps(new SpendingCapRepository(jdbc), clock), new AllowanceWatch(event -> {
                }, meters), tx, clock, new HoldsAcrossReset(writer, accounts),
                new WaysToPay(new org.springframework.beans.factory.support.StaticListableBeanFactory()
                    .getBeanProvider(dev.prpm.playground.billing.BillingService.class)),
                new HoldStatements(jdbc));
        ledger = new CreditLedger(writer, properties);
    }

    UUID newUser() {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO users (id, email, password_hash) VALUES (:id, :email, 'x')")
            .param("id", id)
            .param("email", id + "@bench.example")
            .update();
        jdbc.sql("INSERT INTO credit_accounts (user_id) VALUES (:id)").param("id", id).update();
        return id;
    }

    /**
     * Runs {@code work} in a transaction (the Spring proxies that would do it are absent
     * here).
     */
    <T> T inTx(java.util.function.Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    /** {@code target} whose connections count the statements they prepare or create. */
    private static DataSource counting(DataSource target, AtomicLong statements) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
                    Object result = invoke(method, target, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(),
                                new Class<?>[] { Connection.class }, (p, m, a) -> {
                                    if (m.getName().startsWith("prepare") || m.getName().equals("createStatement")) {
                                        statements.incrementAndGet();
                                    }
                                    return invoke(m, connection, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        dataSource.close();
        server.close();
    }

}
