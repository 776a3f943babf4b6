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
import tools.jackson.databind.JsonNode;

/** Issue #16, items 1 and 3: quotes show the hold, and a 402 shows the ways forward. */
@IntegrationTest
class QuoteAndAlternativesTest {

    @Autowired
    Api api;

    @Autowired
    CreditLedger ledger;

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

        var smaller = api.post("/api/v1/playground/estimate", body(packageId("api-designer"), "opus", fitting), token);
        assertThat(smaller.json().path("affordable").asBoolean()).isTrue();
        var cheaper = alternatives.path("models").get(0);
        var other = api.post("/api/v1/playground/estimate",
                body(packageId("api-designer"), cheaper.path("model").asString(), 4000), token);
        assertThat(other.json().path("holdCredits").asLong()).isEqualTo(cheaper.path("credits").asLong());
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
    void withHistoryTheExpectedChargeFollowsTheTypicalAnswerLength() {
        String token = api.signupToken();
        UUID me = UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
        ledger.grant(me, Bucket.PURCHASED, 200, TransactionType.ADJUSTMENT, LedgerRefs.reason("test"));
        String pkg = packageId("regex-helper");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/v1/playground/run", body(pkg, "gpt-4-turbo", 4000), token).status())
                .isEqualTo(200);
        }

        var quote = api.post("/api/v1/playground/estimate", body(pkg, "gpt-4-turbo", 4000), token).json();

        assertThat(quote.path("typicalOutputTokens").asInt()).isPositive().isLessThan(4000);
        assertThat(quote.path("expectedCredits").asLong()).isLessThan(quote.path("holdCredits").asLong());
    }

}
