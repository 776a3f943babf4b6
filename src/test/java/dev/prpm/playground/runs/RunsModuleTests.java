package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.InsufficientCreditsException;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.support.TestUsers;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ActiveProfiles;

/**
 * The runs module with the modules it calls directly (credits, packages, providers,
 * sessions, idempotency): a run announces itself; a run that cannot be paid announces
 * nothing.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = { "database", "common", "cluster" })
@ActiveProfiles("test")
class RunsModuleTests {

    @Autowired
    PlaygroundService playground;

    @Autowired
    CreditLedger ledger;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPaidRunPublishesRunCompletedWithItsCharge(Scenario scenario) {
        CurrentUser user = userWith(10);
        RunRequest request = new RunRequest(packageId(), null, "sonnet", "Review this: int x = 1;", null, null);

        scenario.stimulate(() -> playground.run(user, request))
            .andWaitForEventOfType(RunCompleted.class)
            .toArriveAndVerify((event, result) -> {
                assertThat(event.userId()).isEqualTo(user.id());
                assertThat(event.sessionId()).isEqualTo(result.sessionId());
                assertThat(event.credits()).isEqualTo(result.credits().charged()).isPositive();
            });
    }

    @Test
    void aRunThatCannotBePaidIsRefusedBeforeTheModelIsCalled() {
        CurrentUser broke = userWith(0);
        RunRequest request = new RunRequest(packageId(), null, "opus", "hello", null, null);

        assertThatThrownBy(() -> playground.run(broke, request)).isInstanceOf(InsufficientCreditsException.class);
        assertThat(jdbc.sql("SELECT count(*) FROM sessions WHERE user_id = :u")
            .param("u", broke.id())
            .query(Long.class)
            .single()).isZero();
    }

    private CurrentUser userWith(long credits) {
        UUID id = TestUsers.create(jdbc);
        if (credits > 0) {
            ledger.grant(id, Bucket.PURCHASED, credits, TransactionType.ADJUSTMENT, LedgerRefs.reason("test credits"));
        }
        return new CurrentUser(id, id + "@test.example", Tier.FREE);
    }

    private UUID packageId() {
        return jdbc.sql("SELECT id FROM packages ORDER BY name LIMIT 1").query(UUID.class).single();
    }

}
