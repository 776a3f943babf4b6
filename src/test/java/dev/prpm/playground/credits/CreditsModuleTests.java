package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.auth.UserRegistered;
import dev.prpm.playground.billing.CreditReversals;
import dev.prpm.playground.billing.PackPurchased;
import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.billing.SubscriptionPeriodPaid;
import dev.prpm.playground.support.TestUsers;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ActiveProfiles;

/**
 * The credits module alone: the events of auth and billing move money in the ledger, and
 * the claw-back answers billing with what it took.
 */
@ApplicationModuleTest(extraIncludes = { "database", "common" })
@ActiveProfiles("test")
class CreditsModuleTests {

    @Autowired
    CreditQueries credits;

    @Autowired
    CreditReversals reversals;

    @Autowired
    JdbcClient jdbc;

    @Test
    void registrationGrantsTheWelcomeCredits(Scenario scenario) {
        UUID user = TestUsers.create(jdbc);
        scenario.publish(new UserRegistered(user, "x@test.example", Instant.now()))
            .andWaitForStateChange(() -> credits.balance(user).balance(), balance -> balance > 0)
            .andVerify(balance -> assertThat(balance).isEqualTo(5));
    }

    @Test
    void aPurchasedPackIsGrantedAndAReversalTakesBackWhatIsLeft(Scenario scenario) {
        UUID user = TestUsers.create(jdbc);
        scenario.publish(new PackPurchased(UUID.randomUUID(), user, "small", 100, "cs_test_1"))
            .andWaitForStateChange(() -> credits.balance(user).balance(), balance -> balance == 100)
            .andVerify(balance -> assertThat(balance).isEqualTo(100));

        var reversal = reversals.takeBack(user, 150, "Refund of credit pack 'small'", "re_1");

        assertThat(reversal).isEqualTo(new CreditReversals.Reversal(100, 50));
        assertThat(credits.balance(user).balance()).isZero();
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void aPaidPeriodFillsTheMonthlyBucketAndTheEndStopsTheAllowance(Scenario scenario) {
        UUID user = TestUsers.create(jdbc);
        scenario.publish(new SubscriptionPeriodPaid(user, 200, Instant.now(), false, "in_1"))
            .andWaitForStateChange(() -> credits.balance(user).buckets().monthly(), monthly -> monthly == 200)
            .andVerify(monthly -> assertThat(monthly).isEqualTo(200));
        scenario.publish(new SubscriptionEnded(user))
            .andWaitForStateChange(() -> credits.balance(user).monthlyAllowance(), allowance -> allowance == 0)
            .andVerify(allowance -> assertThat(allowance).isZero());
        LedgerInvariants.assertHold(jdbc, user);
    }

}
