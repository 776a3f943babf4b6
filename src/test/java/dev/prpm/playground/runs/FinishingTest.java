package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * An admitted run waits for a connection again when the pool was only busy, and fails at
 * once when the database is unreachable.
 */
class FinishingTest {

    static RuntimeException busy() {
        return new CannotCreateTransactionException("Could not open JDBC Connection",
                new SQLTransientConnectionException("pool - Connection is not available, request timed out"));
    }

    static RuntimeException down() {
        return new CannotCreateTransactionException("Could not open JDBC Connection",
                new SQLTransientConnectionException("pool - Connection is not available", "08001",
                        new ConnectException("Connection refused")));
    }

    @Test
    void aBusyPoolIsWaitedForAgainUntilThePatienceRunsOut() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(Finishing.admitted(() -> {
            if (calls.incrementAndGet() < 5) {
                throw busy();
            }
            return "held";
        }, Duration.ofSeconds(30))).isEqualTo("held");
        assertThat(calls).hasValue(5);

        calls.set(0);
        assertThatThrownBy(() -> Finishing.admitted(() -> {
            calls.incrementAndGet();
            throw busy();
        }, Duration.ofMillis(200))).isInstanceOf(CannotCreateTransactionException.class);
        assertThat(calls.get()).isGreaterThan(1);
    }

    @Test
    void anUnreachableDatabaseOrAnyOtherFailureIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Finishing.admitted(() -> {
            calls.incrementAndGet();
            throw down();
        }, Duration.ofSeconds(30))).isInstanceOf(CannotCreateTransactionException.class);
        assertThatThrownBy(() -> Finishing.admitted(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("not a connection problem");
        }, Duration.ofSeconds(30))).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(2);
        assertThat(Finishing.poolBusy(busy())).isTrue();
        assertThat(Finishing.poolBusy(down())).isFalse();
    }

}
