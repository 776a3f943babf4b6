package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class CreditApiTest {

    @Autowired
    Api api;

    @Autowired
    CreditLedger ledger;

    @Autowired
    Reservations reservations;

    @Autowired
    JdbcClient jdbc;

    private UUID idOf(String token) {
        return UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
    }

    @Test
    void balanceShowsBucketsReservedAndCycle() {
        String token = api.signupToken();
        UUID user = idOf(token);
        ledger.grant(user, Bucket.MONTHLY, 30, TransactionType.MONTHLY_GRANT, LedgerRefs.reason("test"));
        reservations.reserve(user, 4, "run", LedgerRefs.reason("test"));

        JsonNode balance = api.get("/api/v1/credits", token).json();
        assertThat(balance.path("balance").asLong()).isEqualTo(31);
        assertThat(balance.path("reserved").asLong()).isEqualTo(4);
        assertThat(balance.path("buckets").path("monthly").asLong()).isEqualTo(26);
        assertThat(balance.path("buckets").path("purchased").asLong()).isEqualTo(5);
        assertThat(api.get("/api/v1/credits").status()).isEqualTo(401);
    }

    @Test
    void historyPagesWithACursorAndFiltersByType() {
        String token = api.signupToken();
        UUID user = idOf(token);
        for (int i = 1; i <= 4; i++) {
            ledger.grant(user, Bucket.PURCHASED, i, TransactionType.PURCHASE, LedgerRefs.reason("pack " + i));
        }
        List<Long> amounts = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = api.get("/api/v1/credits/history?limit=2&cursor=" + cursor, token).json();
            page.path("items").forEach(item -> amounts.add(item.path("amount").asLong()));
            cursor = page.path("nextCursor").isMissingNode() || page.path("nextCursor").isNull() ? null
                    : page.path("nextCursor").asString();
            pages++;
        }
        while (cursor != null);
        assertThat(amounts).containsExactly(4L, 3L, 2L, 1L, 5L);
        assertThat(pages).isEqualTo(3);

        JsonNode onlyBonus = api.get("/api/v1/credits/history?type=signup_bonus", token).json();
        assertThat(onlyBonus.path("items")).hasSize(1);
        assertThat(onlyBonus.path("items").get(0).path("balanceAfter").asLong()).isEqualTo(5);
        JsonNode two = api.get("/api/v1/credits/history?type=signup_bonus&type=purchase", token).json();
        assertThat(two.path("items")).hasSize(5);
    }

    @Test
    void badHistoryParametersAre400() {
        String token = api.signupToken();
        assertThat(api.get("/api/v1/credits/history?type=gift", token).json().path("error").asString())
            .isEqualTo("validation_failed");
        assertThat(api.get("/api/v1/credits/history?cursor=!!", token).json().path("error").asString())
            .isEqualTo("validation_failed");
        assertThat(api.get("/api/v1/credits/history?limit=0", token).status()).isEqualTo(400);
    }

    @Test
    void clawBackNeverGoesBelowZeroAndReportsTheShortfall() {
        UUID user = TestUsers.create(jdbc);
        ledger.grant(user, Bucket.MONTHLY, 10, TransactionType.MONTHLY_GRANT, LedgerRefs.reason("test"));
        ledger.grant(user, Bucket.PURCHASED, 6, TransactionType.PURCHASE, LedgerRefs.reason("pack"));
        CreditLedger.Clawback result = ledger.clawBack(user, 8, LedgerRefs.reason("refund").withStripeRef("ch_1"));
        assertThat(result).isEqualTo(new CreditLedger.Clawback(6, 2, 10));
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(10, 0, 0));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void adjustmentsNeedAReasonAndCannotOverdraw() {
        UUID user = TestUsers.create(jdbc);
        assertThat(ledger.adjust(user, 7, "goodwill for outage")).isEqualTo(7);
        assertThat(ledger.adjust(user, -3, "duplicate grant")).isEqualTo(4);
        assertThatThrownBy(() -> ledger.adjust(user, -5, "too much")).isInstanceOf(InsufficientCreditsException.class);
        assertThatThrownBy(() -> ledger.adjust(user, 5, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(jdbc
            .sql("SELECT reason FROM credit_transactions WHERE user_id = :u AND type = 'adjustment' ORDER BY id")
            .param("u", user)
            .query(String.class)
            .list()).containsExactly("goodwill for outage", "duplicate grant");
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Autowired
    List<com.github.kagkarlsson.scheduler.task.helper.RecurringTask<?>> recurringTasks;

    @Test
    void theReaperAndTheCycleAreRecurringSchedulerTasks() {
        assertThat(recurringTasks).extracting(task -> task.getName())
            .contains("credits-hold-reaper", "credits-monthly-cycle");
        assertThatThrownBy(() -> ledger.grant(UUID.randomUUID(), Bucket.PURCHASED, 0, TransactionType.PURCHASE,
                LedgerRefs.reason("zero")))
            .isInstanceOf(IllegalArgumentException.class);
    }

}
