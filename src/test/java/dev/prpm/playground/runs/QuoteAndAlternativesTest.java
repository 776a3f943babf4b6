package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue #16, items 1 and 3: quotes show the hold, and a 402 shows the ways forward
 * (cheaper models, a smaller allowance, the packs and the plan that would cover it).
 */
@IntegrationTest
class QuoteAndAlternativesTest {

    @Autowired
    Api api;

    @Autowired
    CreditLedger ledger;

    @Autowired
    JdbcClient jdbc;

    private String packageId(String query) {
        return api.get("/api/v1/packages?q=" + query).json().path("items").get(0).path("id").asString();
    }

    private Map<String, Object> body(String pkg, String model, Integer maxOutputTokens) {
        Map<String, Object> body = new HashMap<>(
                Map.of("packageId", pkg, "model", model, "input", "Design a REST API"));
        if (maxOutputTokens != null) {
            body.put("maxOutputTokens", maxOutputTokens);
        }
        return body;
    }

    @Test
    void aRunThatCannotBePaidComesWithCheaperModelsAndASmallerAllowanceThatFit() {
        String token = api.signupToken();
        var refused = api.post("/api/v1/playground/run", body(packageId("api-designer"), "opus", 4000), token);

        assertThat(refused.status()).isEqualTo(402);
        JsonNode alternatives = refused.json().path("alternatives");
        assertThat(alternatives.path("models").size()).isPositive();
        for (JsonNode quote : alternatives.path("models")) {
            assertThat(quote.path("credits").asLong()).isLessThanOrEqualTo(5);
            assertThat(quote.path("model").asString()).isNotEqualTo("opus");
        }
        int fitting = alternatives.path("maxOutputTokens").asInt();
        assertThat(fitting).isBetween(1, 3999);
        long shortfall = refused.json().path("required").asLong() - refused.json().path("available").asLong();
        assertThat(alternatives.path("packs").size()).as("every configured pack covers a shortfall of " + shortfall)
            .isEqualTo(3);
        assertThat(alternatives.path("packs").get(0).path("id").asString()).as("cheapest first").isEqualTo("small");
        assertThat(alternatives.path("packs").get(0).path("credits").asLong()).isGreaterThanOrEqualTo(shortfall);
        assertThat(alternatives.path("plan").path("kind").asString()).isEqualTo("individual");
        assertThat(alternatives.path("plan").path("monthlyCredits").asLong()).isGreaterThanOrEqualTo(shortfall);
        assertThat(alternatives.path("plan").path("subscribeUrl").asString()).isEqualTo("/api/v1/subscribe");

        var smaller = api.post("/api/v1/playground/estimate", body(packageId("api-designer"), "opus", fitting), token);
        assertThat(smaller.json().path("affordable").asBoolean()).isTrue();
        var cheaper = alternatives.path("models").get(0);
        var other = api.post("/api/v1/playground/estimate",
                body(packageId("api-designer"), cheaper.path("model").asString(), 4000), token);
        assertThat(other.json().path("holdCredits").asLong()).isEqualTo(cheaper.path("credits").asLong());
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(5);
    }

    @Test
    void aComparisonThatCannotHoldBothSidesNamesThePacksAndThePlan() {
        String token = api.signupToken();
        String pkg = packageId("api-designer");
        Map<String, Object> side = Map.of("packageId", pkg, "model", "haiku", "maxOutputTokens", 4000);
        var refused = api.post("/api/v1/playground/compare",
                Map.of("input", "Design a REST API", "left", side, "right", side), token);

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.json().path("required").asLong()).isEqualTo(6);
        assertThat(refused.json().path("alternatives").path("packs").get(0).path("id").asString()).isEqualTo("small");
        assertThat(refused.json().path("alternatives").path("plan").path("kind").asString()).isEqualTo("individual");
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(5);
    }

    @Test
    void theQuoteShowsTheHoldTheExpectedChargeAndWhatWouldFit() {
        String token = api.signupToken();
        var quote = api.post("/api/v1/playground/estimate", body(packageId("api-designer"), "opus", 4000), token)
            .json();

        assertThat(quote.path("holdCredits").asLong()).isEqualTo(quote.path("credits").asLong()).isEqualTo(9);
        assertThat(quote.path("expectedCredits").asLong()).isLessThanOrEqualTo(quote.path("holdCredits").asLong());
        assertThat(quote.path("affordable").asBoolean()).isFalse();
        assertThat(quote.path("affordableMaxOutputTokens").asInt()).isBetween(1, 3999);
    }

    @Test
    void withHistoryTheHoldCoversTheTypicalAnswerAndTheQuoteEqualsTheHoldPlaced() {
        String token = api.signupToken();
        UUID me = UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
        ledger.grant(me, Bucket.PURCHASED, 200, TransactionType.ADJUSTMENT, LedgerRefs.reason("test"));
        String pkg = packageId("regex-helper");
        var before = api.post("/api/v1/playground/estimate", body(pkg, "gpt-4-turbo", 4000), token).json();
        assertThat(before.path("holdOutputTokens").asInt()).as("no history: the whole allowance").isEqualTo(4000);
        assertThat(before.path("holdCredits").asLong()).isEqualTo(9);
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/v1/playground/run", body(pkg, "gpt-4-turbo", 4000), token).status())
                .isEqualTo(200);
        }

        var quote = api.post("/api/v1/playground/estimate", body(pkg, "gpt-4-turbo", 4000), token).json();

        int typical = quote.path("typicalOutputTokens").asInt();
        assertThat(typical).isPositive().isLessThan(4000);
        assertThat(quote.path("holdOutputTokens").asInt()).isEqualTo(typical);
        assertThat(quote.path("maxOutputTokens").asInt()).isEqualTo(4000);
        assertThat(quote.path("holdCredits").asLong()).isEqualTo(quote.path("credits").asLong()).isEqualTo(3);
        assertThat(quote.path("expectedCredits").asLong()).isLessThanOrEqualTo(quote.path("holdCredits").asLong());

        var run = api.post("/api/v1/playground/run", body(pkg, "gpt-4-turbo", 4000), token).json();
        UUID runId = UUID.fromString(run.path("runId").asString());
        long held = jdbc
            .sql("SELECT -amount FROM credit_transactions WHERE run_id = :run AND type = 'reservation_hold'")
            .param("run", runId)
            .query(Long.class)
            .single();
        assertThat(held).as("the hold placed is the hold quoted").isEqualTo(quote.path("holdCredits").asLong());
        assertThat(run.path("credits").path("estimated").asLong()).isEqualTo(held);
        assertThat(run.path("credits").path("charged").asLong()).isLessThanOrEqualTo(held);
    }

}
