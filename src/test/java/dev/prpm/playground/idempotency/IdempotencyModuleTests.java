package dev.prpm.playground.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.TestUsers;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The idempotency module alone: a repeated key replays the first answer, the action runs
 * once.
 */
@ApplicationModuleTest(extraIncludes = { "database", "common" })
@ActiveProfiles("test")
class IdempotencyModuleTests {

    @Autowired
    Idempotency idempotency;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSameKeyRunsTheActionOnceAndReplaysItsAnswer() {
        UUID user = TestUsers.create(jdbc);
        AtomicInteger runs = new AtomicInteger();
        var request = Map.of("input", "hello");

        var first = idempotency.execute(user, "key-1", "/test", request,
                () -> ResponseEntity.ok(Map.of("run", runs.incrementAndGet())));
        var second = idempotency.execute(user, "key-1", "/test", request,
                () -> ResponseEntity.ok(Map.of("run", runs.incrementAndGet())));

        assertThat(runs).hasValue(1);
        assertThat(first.getStatusCode().value()).isEqualTo(200);
        assertThat(second.getHeaders().getFirst(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(second.getBody().toString()).contains("1");
    }

}
