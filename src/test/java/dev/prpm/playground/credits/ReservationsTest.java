package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.MutableClock;
import dev.prpm.playground.support.TestUsers;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ReservationsTest {

    @Autowired
    Reservations reservations;

    @Autowired
    CreditLedger ledger;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    CreditProperties properties;

    @Autowired
    Api api;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private UUID userWith(long monthly, long rollover, long purchased) {
        UUID user = TestUsers.create(jdbc);
        if (monthly > 0) {
            ledger.grant(user, Bucket.MONTHLY, monthly, TransactionType.MONTHLY_GRANT, LedgerRefs.reason("test"));
        }
        if (rollover > 0) {
            ledger.grant(user, Bucket.ROLLOVER, rollover, TransactionType.ROLLOVER, LedgerRefs.reason("test"));
        }
        if (purchased > 0) {
            ledger.grant(user, Bucket.PURCHASED, purchased, TransactionType.PURCHASE, LedgerRefs.reason("test"));
        }
        return user;
    }

    private void spend(UUID user, long amount) {
        Reservation hold = reservations.reserve(user, amount, "run", LedgerRefs.reason("test"));
        reservations.settle(hold.id(), amount, LedgerRefs.forRun("run", UUID.randomUUID(), null));
    }

    @Test
    void spendingTenFromFullBucketsTakesMonthlyFirst() {
        UUID user = userWith(100, 50, 25);
        spend(user, 10);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(90, 50, 25));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void spendingTenWithFiveMonthlyEmptiesMonthlyThenTakesRollover() {
        UUID user = userWith(5, 50, 25);
        spend(user, 10);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 45, 25));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void spendingAcrossAllThreeBuckets() {
        UUID user = userWith(5, 3, 25);
        spend(user, 10);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, 23));
    }

    @Test
    void insufficientCreditsChangesNothing() {
        UUID user = userWith(100, 50, 25);
        long rowsBefore = LedgerInvariants.ledgerRows(jdbc, user);
        assertThatThrownBy(() -> reservations.reserve(user, 176, "run", LedgerRefs.reason("test")))
            .isInstanceOfSatisfying(InsufficientCreditsException.class, e -> {
                assertThat(e.required()).isEqualTo(176);
                assertThat(e.available()).isEqualTo(175);
            });
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(100, 50, 25));
        assertThat(LedgerInvariants.ledgerRows(jdbc, user)).isEqualTo(rowsBefore);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void insufficientCreditsIsA402ProblemWithRequiredAvailableAndPurchaseUrl() {
        String token = api.signupToken();
        Api.Response response = api.post("/test/credits/reserve?amount=6", "", token);
        assertThat(response.status()).isEqualTo(402);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("error").asString()).isEqualTo("insufficient_credits");
        assertThat(body.path("required").asLong()).isEqualTo(6);
        assertThat(body.path("available").asLong()).isEqualTo(5);
        assertThat(body.path("purchaseUrl").asString()).isEqualTo(properties.purchaseUrl());
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(5);
    }

    @Test
    void settleChargesTheActualCostAndReturnsTheRest() {
        UUID user = userWith(0, 0, 20);
        Reservation hold = reservations.reserve(user, 8, "run", LedgerRefs.reason("test"));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, 12));
        LedgerInvariants.assertHold(jdbc, user);

        Settlement settlement = reservations.settle(hold.id(), 3, LedgerRefs.reason("run"));
        assertThat(settlement).isEqualTo(new Settlement(3, 17, new Settlement.Paid(0, 0, 3)));
        assertThat(reservations.settle(hold.id(), 3, LedgerRefs.reason("run")))
            .as("settling twice returns the first result")
            .extracting(Settlement::charged, Settlement::balanceAfter)
            .containsExactly(3L, 17L);
        assertThat(reservations.release(hold.id(), "too late")).isFalse();
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void anActualCostAboveTheHoldIsChargedInFullFromTheRemainingBalance() {
        UUID user = userWith(0, 0, 20);
        Reservation hold = reservations.reserve(user, 4, "run", LedgerRefs.reason("test"));
        Settlement settlement = reservations.settle(hold.id(), 9, LedgerRefs.reason("run"));
        assertThat(settlement).isEqualTo(new Settlement(9, 11, new Settlement.Paid(0, 0, 9)));
        assertThat(LedgerInvariants.buckets(jdbc, user).total()).isEqualTo(11);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void whatTheBalanceCannotCoverIsOwedAsABoundedOverdraftRecordedInTheLedger() {
        UUID user = userWith(3, 0, 1);
        Reservation hold = reservations.reserve(user, 4, "run", LedgerRefs.reason("test"));
        Settlement settlement = reservations.settle(hold.id(), 10, LedgerRefs.reason("run"));

        assertThat(settlement.charged()).isEqualTo(10);
        assertThat(settlement.overdraft()).isEqualTo(6);
        assertThat(settlement.writtenOff()).isZero();
        assertThat(settlement.paid()).isEqualTo(new Settlement.Paid(3, 0, 7));
        assertThat(settlement.balanceAfter()).isEqualTo(-6);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, -6));
        assertThat(jdbc.sql("SELECT amount FROM credit_transactions WHERE user_id = :u AND type = 'overdraft'")
            .param("u", user)
            .query(Long.class)
            .list()).containsExactly(-6L);
        LedgerInvariants.assertHold(jdbc, user);
        assertThatThrownBy(() -> reservations.reserve(user, 1, "run", LedgerRefs.reason("test")))
            .as("a debt blocks new runs until it is paid")
            .isInstanceOf(InsufficientCreditsException.class);

        ledger.grant(user, Bucket.PURCHASED, 10, TransactionType.PURCHASE, LedgerRefs.reason("pack"));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, 4));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void usageBeyondTheOverdraftLimitIsWrittenOffNotCharged() {
        UUID user = userWith(0, 0, 2);
        Reservation hold = reservations.reserve(user, 2, "run", LedgerRefs.reason("test"));
        long limit = properties.overdraftLimit();
        Settlement settlement = reservations.settle(hold.id(), 2 + limit + 7, LedgerRefs.reason("run"));

        assertThat(settlement.overdraft()).isEqualTo(limit);
        assertThat(settlement.writtenOff()).isEqualTo(7);
        assertThat(settlement.charged()).isEqualTo(2 + limit);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, -limit));
        assertThat(jdbc.sql("SELECT reason FROM credit_transactions WHERE user_id = :u AND type = 'overdraft'")
            .param("u", user)
            .query(String.class)
            .single()).contains("7 beyond the overdraft limit written off");
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void releaseReturnsEverythingAndIsIdempotent() {
        UUID user = userWith(10, 0, 0);
        Reservation hold = reservations.reserve(user, 7, "run", LedgerRefs.reason("test"));
        assertThat(reservations.release(hold.id(), "model failed")).isTrue();
        assertThat(reservations.release(hold.id(), "model failed")).isFalse();
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(10, 0, 0));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void theReaperReleasesAHoldWhoseRunNeverSettled() {
        UUID user = userWith(0, 0, 10);
        Reservation abandoned = reservations.reserve(user, 6, "run", LedgerRefs.reason("test"));
        assertThat(reservations.releaseExpired(1000)).as("nothing is due before the TTL").isZero();

        clock.advance(properties.holdTtl().plus(Duration.ofSeconds(1)));
        assertThat(reservations.releaseExpired(1000)).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("SELECT status FROM credit_reservations WHERE id = :id")
            .param("id", abandoned.id())
            .query(String.class)
            .single()).isEqualTo("expired");
        assertThat(LedgerInvariants.buckets(jdbc, user).total()).isEqualTo(10);
        LedgerInvariants.assertHold(jdbc, user);

        Settlement late = reservations.settle(abandoned.id(), 2, LedgerRefs.reason("slow run finished"));
        assertThat(late.charged()).as("a run that finishes after the reaper is still charged").isEqualTo(2);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void nonPositiveAmountsAreProgrammingErrors() {
        UUID user = userWith(0, 0, 1);
        assertThatThrownBy(() -> reservations.reserve(user, 0, "run", LedgerRefs.reason("x")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reservations.settle(UUID.randomUUID(), 1, LedgerRefs.reason("x")))
            .isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> problem = new InsufficientCreditsException(2, 1, "/buy").properties();
        assertThat(problem).containsEntry("purchaseUrl", "/buy");
    }

}
