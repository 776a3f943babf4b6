package dev.prpm.playground.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.TestUsers;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ActiveProfiles;

/**
 * The sessions module alone (packages for the seeded package rows): store, read, rate.
 */
@ApplicationModuleTest(extraIncludes = { "database", "common", "packages", "cluster" })
@ActiveProfiles("test")
class SessionsModuleTests {

    @Autowired
    SessionStore sessions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRatedSessionAnnouncesTheRatingForItsRuns(Scenario scenario) {
        UUID user = TestUsers.create(jdbc);
        UUID session = UUID.randomUUID();
        var version = jdbc.sql("SELECT package_id, id FROM package_versions LIMIT 1").query().singleRow();
        sessions.create(session, user, (UUID) version.get("package_id"), (UUID) version.get("id"), "title",
                List.of(SessionMessage.user("hello", Instant.now()), SessionMessage.user("again", Instant.now())), 1);

        scenario.stimulate(() -> sessions.rate(session, user, 5))
            .andWaitForEventOfType(SessionRated.class)
            .toArriveAndVerify(event -> assertThat(event).isEqualTo(new SessionRated(session, user, 5)));
        assertThat(sessions.get(session, user).messages()).hasSize(2);
    }

    @Test
    void someoneElsesSessionIsNotFound() {
        UUID owner = TestUsers.create(jdbc);
        UUID session = UUID.randomUUID();
        var version = jdbc.sql("SELECT package_id, id FROM package_versions LIMIT 1").query().singleRow();
        sessions.create(session, owner, (UUID) version.get("package_id"), (UUID) version.get("id"), "mine",
                List.of(SessionMessage.user("hi", Instant.now())), 0);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sessions.rate(session, TestUsers.create(jdbc), 3))
            .isInstanceOf(SessionNotFoundException.class);
    }

}
