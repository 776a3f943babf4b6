package dev.prpm.playground.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which failures are retried, and how long a retry waits. */
class JobRunnerTest {

    private final JobProperties properties = new JobProperties(true, 10, 5, 3, Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(2), 2.0, 0.5, Duration.ofHours(24),
            Duration.ofSeconds(30));

    private final JobRunner runner = new JobRunner(null, null, null, properties, null, null, null);

    @Test
    void onlyAnUnavailableModelIsRetried() {
        assertThat(JobRunner.retryable(new Failure(ErrorCode.MODEL_UNAVAILABLE))).isTrue();
        assertThat(JobRunner.retryable(new Failure(ErrorCode.MODEL_REJECTED))).isFalse();
        assertThat(JobRunner.retryable(new Failure(ErrorCode.INSUFFICIENT_CREDITS))).isFalse();
        assertThat(JobRunner.retryable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void backoffGrowsExponentiallyWithinItsJitter() {
        for (int i = 0; i < 50; i++) {
            assertThat(runner.backoff(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
            assertThat(runner.backoff(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
            assertThat(runner.backoff(3)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
        }
    }

    @Test
    void aHeartbeatAsLongAsTheLeaseIsRefused() {
        org.assertj.core.api.Assertions
            .assertThatThrownBy(() -> new JobProperties(true, 10, 5, 3, Duration.ofSeconds(10), Duration.ofSeconds(10),
                    Duration.ofMillis(500), Duration.ofSeconds(2), 2.0, 0.5, Duration.ofHours(24),
                    Duration.ofSeconds(30)))
            .hasMessageContaining("prpm.jobs.heartbeat");
    }

    static final class Failure extends ApiException {

        Failure(ErrorCode code) {
            super(code, "x");
        }

    }

}
