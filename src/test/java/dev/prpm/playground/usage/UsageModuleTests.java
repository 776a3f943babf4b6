package dev.prpm.playground.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.runs.RunCompleted;
import dev.prpm.playground.runs.RunFailed;
import dev.prpm.playground.support.TestUsers;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ActiveProfiles;

/** The usage module alone: one usage row per run event, successful or failed. */
@ApplicationModuleTest(extraIncludes = { "database", "common" })
@ActiveProfiles("test")
class UsageModuleTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCompletedRunBecomesAUsageRowWithItsCharge(Scenario scenario) {
        UUID run = UUID.randomUUID();
        UUID user = TestUsers.create(jdbc);
        scenario
            .publish(new RunCompleted(run, user, "free", UUID.randomUUID(), null, UUID.randomUUID(), "haiku", "demo",
                    "sonnet", 120, 80, 2, 340, false, Instant.now(), 1, 0, 1, 2, "p-test"))
            .andWaitForStateChange(() -> row(run), found -> !found.isEmpty())
            .andVerify(found -> assertThat(found).containsEntry("model", "haiku")
                .containsEntry("fallback_from", "sonnet")
                .containsEntry("credits", 2L)
                .containsEntry("error_code", null));
    }

    @Test
    void aFailedRunIsRecordedWithItsErrorAndNoCharge(Scenario scenario) {
        UUID run = UUID.randomUUID();
        scenario
            .publish(new RunFailed(run, TestUsers.create(jdbc), "plus", UUID.randomUUID(), null, "opus", "anthropic",
                    "model_unavailable", 12, Instant.now()))
            .andWaitForStateChange(() -> row(run), found -> !found.isEmpty())
            .andVerify(found -> assertThat(found).containsEntry("error_code", "model_unavailable")
                .containsEntry("credits", 0L));
    }

    private Map<String, Object> row(UUID run) {
        return jdbc.sql("SELECT model, fallback_from, credits, error_code FROM usage WHERE id = :id")
            .param("id", run)
            .query()
            .listOfRows()
            .stream()
            .findFirst()
            .orElse(Map.of());
    }

}
