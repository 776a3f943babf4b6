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

    private static Instant anniversary(Instant anchor, int months) {
        return anchor.atZone(java.time.ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    private void startPlan(UUID user, long allowance, Instant anchor) {
        cycle.periodPaid(user, allowance, anchor, false, LedgerRefs.reason("PRPM+"));
    }

    private void paid(UUID user, Instant periodStart) {
        cycle.periodPaid(user, 200, periodStart, true, LedgerRefs.reason("PRPM+ renewal"));
    }

    private long grantsSince(UUID user, long afterRow) {
        return typesSince(user, afterRow).stream().filter("monthly_grant"::equals).count();
    }

    @Test
    void anniversariesRollOverExpireAndRegrantIdempotently() {
        UUID user = TestUsers.create(jdbc);
        Instant anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        startPlan(user, 200, anchor);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 0, 0));
        spend(user, 50);
        // the renewal is paid ahead of its anniversary: the reset grants
        paid(user, anniversary(anchor, 1));

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
        assertThat(typesSince(user, before)).as("not paid yet: carried over, nothing granted")
            .containsExactly("expiry", "rollover");
        paid(user, anniversary(anchor, 2)); // the renewal arrives after the reset
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 190, 0));
        assertThat(typesSince(user, before)).containsExactly("expiry", "rollover", "monthly_grant");
        assertThat(cycle.runFor(user, second)).isZero();
        paid(user, anniversary(anchor, 2));
        assertThat(grantsSince(user, before)).as("the same period paid again grants nothing").isEqualTo(1);
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
        startPlan(user, 200, anchor);
        startPlan(user, 100, anchor);
        assertThat(LedgerInvariants.buckets(jdbc, user).monthly()).isEqualTo(200);
        cycle.periodPaid(user, 100, anniversary(anchor, 1), true, LedgerRefs.reason("downgraded renewal"));

        cycle.runFor(user, moveTo(anchor, 1));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(100, 100, 0));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void missedAnniversariesAreCaughtUpOneByOneAndOnlyPaidPeriodsGrant() {
        UUID user = TestUsers.create(jdbc);
        Instant anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        startPlan(user, 200, anchor);
        paid(user, anniversary(anchor, 1));
        paid(user, anniversary(anchor, 2));
        long before = lastRow(user);
        assertThat(cycle.runFor(user, moveTo(anchor, 3))).isEqualTo(3);
        assertThat(grantsSince(user, before)).as("two paid periods, the third is not paid yet").isEqualTo(2);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 200, 0));
        paid(user, anniversary(anchor, 3));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 200, 0));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void aLateInvoiceForAnOlderPeriodGrantsNothingNow() {
        UUID user = TestUsers.create(jdbc);
        Instant anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        startPlan(user, 200, anchor);
        cycle.runFor(user, moveTo(anchor, 2)); // two unpaid anniversaries
        long before = lastRow(user);
        paid(user, anniversary(anchor, 1)); // the first of them paid two months late
        assertThat(grantsSince(user, before)).isZero();
        paid(user, anniversary(anchor, 2));
        assertThat(grantsSince(user, before)).isEqualTo(1);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void creditsHeldAcrossTheResetDoNotInflateTheNewMonthlyAllowance() {
        UUID user = TestUsers.create(jdbc);
        Instant anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        startPlan(user, 200, anchor);
        paid(user, anniversary(anchor, 1));
        Reservation failing = reservations.reserve(user, 50, "run", LedgerRefs.reason("in flight"));
        Reservation settling = reservations.reserve(user, 40, "run", LedgerRefs.reason("in flight"));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(110, 0, 0));

        cycle.runFor(user, moveTo(anchor, 1));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 110, 0));

        reservations.release(failing.id(), "model failed");
        assertThat(LedgerInvariants.buckets(jdbc, user)).as("last month's held credits roll over, capped at 200")
            .isEqualTo(new Buckets(200, 160, 0));
        reservations.settle(settling.id(), 30, LedgerRefs.reason("run done"));
        assertThat(LedgerInvariants.buckets(jdbc, user))
            .as("the charge comes out of the hold, the rest rolls over up to the cap")
            .isEqualTo(new Buckets(200, 170, 0));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void heldRolloverExpiresAndHeldMonthlyAboveTheCapExpires() {
        UUID user = TestUsers.create(jdbc);
        Instant anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        startPlan(user, 200, anchor);
        paid(user, anniversary(anchor, 1));
        cycle.runFor(user, moveTo(anchor, 1)); // 200 monthly, 200 rollover
        paid(user, anniversary(anchor, 2));
        // the hold takes 200 monthly + 100 rollover; 50 of the other 100 rollover are
        // spent
        Reservation hold = reservations.reserve(user, 300, "run", LedgerRefs.reason("big run"));
        spend(user, 50);
        cycle.runFor(user, moveTo(anchor, 2));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 0, 0));

        reservations.release(hold.id(), "model failed");
        assertThat(LedgerInvariants.buckets(jdbc, user))
            .as("held monthly rolls over up to the cap, held rollover from two months ago expires")
            .isEqualTo(new Buckets(200, 200, 0));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void renewalAndScheduledResetGrantOncePerPeriodEvenConcurrently() throws Exception {
        for (int round = 0; round < 5; round++) {
            UUID user = TestUsers.create(jdbc);
            Instant anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            startPlan(user, 200, anchor);
            spend(user, 20);
            moveTo(anchor, 1);
            long before = lastRow(user);
            var start = new java.util.concurrent.CountDownLatch(1);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var reset = pool.submit(() -> {
                    start.await();
                    return cycle.runFor(user, clock.instant());
                });
                var renewal = pool.submit(() -> {
                    start.await();
                    paid(user, anniversary(anchor, 1));
                    return 0;
                });
                start.countDown();
                reset.get();
                renewal.get();
            }
            spend(user, 30);
            paid(user, anniversary(anchor, 1));
            cycle.runFor(user, clock.instant());
            assertThat(grantsSince(user, before)).isEqualTo(1);
            assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(170, 180, 0));
            LedgerInvariants.assertHold(jdbc, user);
            clock.reset();
        }
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
