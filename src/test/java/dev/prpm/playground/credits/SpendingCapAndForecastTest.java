package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.TestUsers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * Issue #16: spending caps users set for themselves, the balance forecast, the 80 %
 * notice.
 */
@IntegrationTest
@RecordApplicationEvents
class SpendingCapAndForecastTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Reservations reservations;

    @Autowired
    SpendingCaps caps;

    @Autowired
    CreditLedger ledger;

    @Autowired
    MonthlyCycle cycle;

    @Autowired
    CreditQueries queries;

    @Test
    void aDailyCapRefusesTheRunThatWouldPassItWithWhenItResets() {
        String token = api.signupToken();
        var set = api.put("/api/v1/credits/spending-cap", Map.of("daily", 2), token);
        assertThat(set.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/credits/spending-cap", token).json().path("daily").asLong()).isEqualTo(2);

        String pkg = api.get("/api/v1/packages?q=commit-message").json().path("items").get(0).path("id").asString();
        Map<String, Object> run = Map.of("packageId", pkg, "model", "sonnet", "input", "fix typo");
        assertThat(api.post("/api/v1/playground/run", run, token).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/playground/run", run, token).status()).isEqualTo(200);
        var refused = api.post("/api/v1/playground/run", run, token);

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.json().path("error").asString()).isEqualTo("spending_cap_reached");
        assertThat(refused.json().path("period").asString()).isEqualTo("daily");
        assertThat(refused.json().path("cap").asLong()).isEqualTo(2);
        assertThat(Instant.parse(refused.json().path("resetsAt").asString())).isAfter(Instant.now());
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(3);
    }

    @Test
    void invalidCapsAreRejected() {
        String token = api.signupToken();
        assertThat(api.put("/api/v1/credits/spending-cap", Map.of("daily", 0), token).status()).isEqualTo(400);
    }

    @Test
    void concurrentHoldsNeverPassTheCapTogether() throws Exception {
        UUID user = TestUsers.create(jdbc);
        ledger.grant(user, Bucket.PURCHASED, 100, TransactionType.ADJUSTMENT, LedgerRefs.reason("test"));
        caps.set(user, new SpendingCaps.Caps(10L, null));
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            attempts.add(() -> {
                try {
                    reservations.reserve(user, 3, "run", LedgerRefs.reason("test"));
                    return true;
                }
                catch (SpendingCapReachedException e) {
                    return false;
                }
            });
        }
        long held = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                held += result.get() ? 3 : 0;
            }
        }
        assertThat(held).isEqualTo(9);
        assertThat(queries.balance(user).reserved()).isEqualTo(9);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void theForecastSaysWhatRollsOverWhatExpiresAndWhenTheBalanceRunsOut(ApplicationEvents events) {
        UUID user = TestUsers.create(jdbc);
        cycle.periodPaid(user, 200, Instant.now().truncatedTo(ChronoUnit.SECONDS), false, LedgerRefs.reason("PRPM+"));
        spend(user, 170);

        var overview = queries.overview(user);

        assertThat(overview.balance()).isEqualTo(30);
        assertThat(overview.forecast().rollingOver()).isEqualTo(30);
        assertThat(overview.forecast().expiring()).isZero();
        assertThat(overview.forecast().monthlyAtReset()).isEqualTo(200);
        assertThat(overview.forecast().rolloverUntil()).isAfter(overview.nextResetAt());
        assertThat(overview.forecast().spentLast30Days()).isEqualTo(170);
        assertThat(overview.forecast().runsOutOn()).isNotNull();
        assertThat(events.stream(MonthlyAllowanceMostlyUsed.class).filter(e -> e.userId().equals(user)).toList())
            .containsExactly(new MonthlyAllowanceMostlyUsed(user, 200, 30));
        LedgerInvariants.assertHold(jdbc, user);
    }

    private void spend(UUID user, long amount) {
        Reservation hold = reservations.reserve(user, amount, "run", LedgerRefs.reason("test"));
        reservations.settle(hold.id(), amount, LedgerRefs.forRun("run", UUID.randomUUID(), null));
    }

    @Test
    void spendingBelowTheCapIsUntouched() {
        UUID user = TestUsers.create(jdbc);
        ledger.grant(user, Bucket.PURCHASED, 20, TransactionType.ADJUSTMENT, LedgerRefs.reason("test"));
        caps.set(user, new SpendingCaps.Caps(null, 50L));
        spend(user, 20);
        assertThatThrownBy(() -> reservations.reserve(user, 1, "run", LedgerRefs.reason("test")))
            .isInstanceOf(InsufficientCreditsException.class);
    }

}
