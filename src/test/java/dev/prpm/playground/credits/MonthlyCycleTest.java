package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.MutableClock;
import dev.prpm.playground.support.TestUsers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class MonthlyCycleTest {

    @Autowired
    MonthlyCycle cycle;

    @Autowired
    Reservations reservations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private void spend(UUID user, long amount) {
        Reservation hold = reservations.reserve(user, amount, "run", LedgerRefs.reason("test"));
        reservations.settle(hold.id(), amount, LedgerRefs.reason("test"));
    }

    /** Moves the clock to just after the n-th anniversary of the anchor . */
    private Instant moveTo(Instant anchor, int months) {
        Instant target = anchor.atZone(java.time.ZoneOffset.UTC).plusMonths(months).toInstant().plusSeconds(1);
        clock.reset();
        clock.advance(Duration.between(Instant.now(), target));
        return target;
    }

    private List<String> typesSince(UUID user, long afterRow) {
        return jdbc.sql("SELECT type FROM credit_transactions WHERE user_id = :u AND id > :id ORDER BY id")
            .param("u", user)
            .param("id", afterRow)
            .query(String.class)
            .list();
    }

    private long lastRow(UUID user) {
        return jdbc.sql("SELECT coalesce(max(id), 0) FROM credit_transactions WHERE user_id = :u")
            .param("u", user)
            .query(Long.class)
            .single();
    }

    @Test
    void anniversariesRollOverExpireAndRegrantIdempotently() {
        UUID user = TestUsers.create(jdbc);
        Instant anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        cycle.activatePlan(user, 200, anchor, LedgerRefs.reason("PRPM+"));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 0, 0));
        spend(user, 50);

        Instant first = moveTo(anchor, 1);
        long before = lastRow(user);
        assertThat(cycle.runFor(user, first)).isEqualTo(1);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 150, 0));
        assertThat(typesSince(user, before)).containsExactly("rollover", "monthly_grant");
        long afterFirst = lastRow(user);
        assertThat(cycle.runFor(user, first)).as("running the same anniversary again does nothing").isZero();
        assertThat(lastRow(user)).isEqualTo(afterFirst);
        LedgerInvariants.assertHold(jdbc, user);

        spend(user, 10);
        Instant second = moveTo(anchor, 2);
        before = lastRow(user);
        assertThat(cycle.runDue(10_000)).isGreaterThanOrEqualTo(1);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 190, 0));
        assertThat(typesSince(user, before)).containsExactly("expiry", "rollover", "monthly_grant");
        assertThat(cycle.runFor(user, second)).isZero();
        LedgerInvariants.assertHold(jdbc, user);

        cycle.endPlan(user);
        moveTo(anchor, 3);
        cycle.runDue(10_000);
        assertThat(LedgerInvariants.buckets(jdbc, user)).as("ended plan: everything monthly expires")
            .isEqualTo(new Buckets(0, 0, 0));
        assertThat(jdbc.sql("SELECT next_reset_at IS NULL FROM credit_accounts WHERE user_id = :u")
            .param("u", user)
            .query(Boolean.class)
            .single()).isTrue();
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void rolloverIsCappedAtOneMonthsAllowance() {
        UUID user = TestUsers.create(jdbc);
        Instant anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        cycle.activatePlan(user, 200, anchor, LedgerRefs.reason("PRPM+"));
        cycle.activatePlan(user, 100, anchor, LedgerRefs.reason("downgrade"));
        assertThat(LedgerInvariants.buckets(jdbc, user).monthly()).isEqualTo(200);

        cycle.runFor(user, moveTo(anchor, 1));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(100, 100, 0));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void missedAnniversariesAreCaughtUpOneByOne() {
        UUID user = TestUsers.create(jdbc);
        Instant anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        cycle.activatePlan(user, 200, anchor, LedgerRefs.reason("PRPM+"));
        assertThat(cycle.runFor(user, moveTo(anchor, 3))).isEqualTo(3);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 200, 0));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void anniversariesClampToShortMonthsWithoutDrifting() {
        Instant anchor = Instant.parse("2027-01-31T10:00:00Z");
        Instant feb = MonthlyCycle.nextAnniversary(anchor, anchor);
        Instant mar = MonthlyCycle.nextAnniversary(anchor, feb);
        assertThat(feb).isEqualTo(Instant.parse("2027-02-28T10:00:00Z"));
        assertThat(mar).isEqualTo(Instant.parse("2027-03-31T10:00:00Z"));
        assertThat(MonthlyCycle.nextAnniversary(anchor, Instant.parse("2027-12-31T10:00:00Z")))
            .isEqualTo(Instant.parse("2028-01-31T10:00:00Z"));
    }

}
