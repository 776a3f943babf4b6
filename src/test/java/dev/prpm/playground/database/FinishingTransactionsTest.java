package dev.prpm.playground.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.prpm.playground.common.BusyPool;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Finishing work (a settlement, a release) queues for the reserved connections in the
 * order it arrived, for as long as its patience and past the pool's own timeout; one that
 * got no turn fails like a busy pool; nested work joins the turn it has.
 */
@ApplicationModuleTest
@ActiveProfiles("test")
class FinishingTransactionsTest {

    static final Duration POOL_TIMEOUT = Duration.ofMillis(250);

    @Autowired
    DataSource dataSource;

    HikariDataSource reserved;

    FinishingTransactions finishing;

    @BeforeEach
    void oneReservedConnection() throws SQLException {
        HikariConfig config = FinishingPoolConfiguration.reservedPool(dataSource.unwrap(HikariDataSource.class), 1);
        config.setPoolName("test-finishing");
        config.setConnectionTimeout(POOL_TIMEOUT.toMillis());
        reserved = new HikariDataSource(config);
        finishing = new FinishingTransactions(dataSource, reserved);
    }

    @AfterEach
    void close() {
        finishing.close();
    }

    @Test
    void waitersAreServedInArrivalOrderPastThePoolTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> holder = CompletableFuture.supplyAsync(() -> finishing.execute(() -> {
            waitFor(release);
            return backendPid();
        }, Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> reserved.getHikariPoolMXBean().getActiveConnections() == 1);

        List<Integer> served = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Integer>> waiters = new java.util.ArrayList<>();
        long queued = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            int arrival = i;
            waiters.add(CompletableFuture.supplyAsync(() -> finishing.execute(() -> {
                served.add(arrival);
                return backendPid();
            }, Duration.ofSeconds(30)), Thread.ofVirtual()::start));
            await().atMost(Duration.ofSeconds(10)).until(() -> finishing.waiting() == arrival + 1);
        }
        // past the pool's own timeout: a waiter that had asked Hikari would have failed
        // by now
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - queued > 3 * POOL_TIMEOUT.toNanos());
        assertThat(waiters).noneMatch(CompletableFuture::isDone);

        release.countDown();
        int pid = holder.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> waiter : waiters) {
            assertThat(waiter.get(10, TimeUnit.SECONDS)).as("the one reserved connection").isEqualTo(pid);
        }
        assertThat(served).containsExactly(0, 1, 2, 3, 4);
        assertThat(finishing.waiting()).isZero();
    }

    @Test
    void workThatGetsNoTurnFailsLikeABusyPoolAndNestedWorkJoinsItsTurn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> holder = CompletableFuture.supplyAsync(() -> finishing.execute(() -> {
            waitFor(release);
            // nested finishing work joins the transaction (one connection, no second
            // turn)
            return finishing.execute(this::backendPid, Duration.ZERO);
        }, Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> reserved.getHikariPoolMXBean().getActiveConnections() == 1);

        assertThatThrownBy(() -> finishing.execute(this::backendPid, Duration.ofMillis(100)))
            .isInstanceOf(CannotCreateTransactionException.class)
            .satisfies(e -> assertThat(BusyPool.busy(e)).as("a busy pool, not a database down").isTrue());

        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isPositive();
        assertThat(finishing.execute(this::backendPid)).as("the turn was given back").isPositive();
    }

    private int backendPid() {
        return JdbcClient.create(dataSource).sql("SELECT pg_backend_pid()").query(Integer.class).single();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
