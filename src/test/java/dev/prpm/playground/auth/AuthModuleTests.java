package dev.prpm.playground.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.billing.SubscriptionPeriodPaid;
import dev.prpm.playground.common.Tier;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ActiveProfiles;

/**
 * The auth module alone: signup announces the new user; billing's events move the tier.
 */
@ApplicationModuleTest(extraIncludes = { "database", "common", "cluster" })
@ActiveProfiles("test")
class AuthModuleTests {

    @Autowired
    AuthService auth;

    @Test
    void signupPublishesUserRegistered(Scenario scenario) {
        scenario.stimulate(() -> auth.signup("module-" + System.nanoTime() + "@test.example", "correct-horse-1", null))
            .andWaitForEventOfType(UserRegistered.class)
            .toArriveAndVerify(event -> assertThat(event.email()).startsWith("module-"));
    }

    @Test
    void aPaidPeriodMakesTheUserPlusAndTheEndMakesThemFreeAgain(Scenario scenario) {
        var user = auth.signup("tier-" + System.nanoTime() + "@test.example", "correct-horse-1", null).user();
        scenario.publish(new SubscriptionPeriodPaid(user.id(), 200, Instant.now(), false, "in_1"))
            .andWaitForStateChange(() -> auth.profile(user.id()).tier(), Tier.PLUS::equals)
            .andVerify(tier -> assertThat(tier).isEqualTo(Tier.PLUS));
        scenario.publish(new SubscriptionEnded(user.id()))
            .andWaitForStateChange(() -> auth.profile(user.id()).tier(), Tier.FREE::equals)
            .andVerify(tier -> assertThat(tier).isEqualTo(Tier.FREE));
    }

}
