package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
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
    void aBusyPoolIsWaitedForAgainUpToTheLimit() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(Finishing.admitted(() -> {
            if (calls.incrementAndGet() < Finishing.ADMITTED_ATTEMPTS) {
                throw busy();
            }
            return "held";
        })).isEqualTo("held");
        assertThat(calls).hasValue(Finishing.ADMITTED_ATTEMPTS);

        calls.set(0);
        assertThatThrownBy(() -> Finishing.admitted(() -> {
            calls.incrementAndGet();
            throw busy();
        })).isInstanceOf(CannotCreateTransactionException.class);
        assertThat(calls).hasValue(Finishing.ADMITTED_ATTEMPTS);
    }

    @Test
    void anUnreachableDatabaseOrAnyOtherFailureIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Finishing.admitted(() -> {
            calls.incrementAndGet();
            throw down();
        })).isInstanceOf(CannotCreateTransactionException.class);
        assertThatThrownBy(() -> Finishing.admitted(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("not a connection problem");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(2);
        assertThat(Finishing.poolBusy(busy())).isTrue();
        assertThat(Finishing.poolBusy(down())).isFalse();
    }

}
