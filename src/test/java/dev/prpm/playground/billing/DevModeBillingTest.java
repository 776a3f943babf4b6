package dev.prpm.playground.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The default local run: no Stripe; checkouts complete through self-signed events to our
 * own webhook.
 */
@IntegrationTest
@ActiveProfiles({ "dev", "test" })
@DirtiesContext
@TestPropertySource(properties = { "prpm.billing.enabled=true", "prpm.billing.mode=dev",
        "prpm.billing.webhook-secret=whsec_dev_test", "server.address=127.0.0.1" })
class DevModeBillingTest {

    @Autowired
    Api api;

    @Autowired
    MutableClock clock;

    @Autowired
    DevPeriodBoundary periodBoundary;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private void moveTo(Instant target) {
        clock.reset();
        clock.advance(Duration.between(Instant.now(), target));
    }

    /** A fresh token (a month-old one has expired once the clock moved). */
    private String login(String email) {
        return api.post("/api/v1/auth/login", Map.of("email", email, "password", "correct-horse-battery"))
            .json()
            .path("token")
            .asString();
    }

    @Test
    void thePeriodEndRenewsAnActivePlanAndEndsACancelledOneLikeStripe() {
        String email = "dev-cycle-" + java.util.UUID.randomUUID() + "@example.com";
        String token = api.signup(email).json().path("token").asString();
        assertThat(api.post("/api/v1/subscribe", "", token).status()).isEqualTo(200);
        Instant firstEnd = Instant
            .parse(api.get("/api/v1/subscription", token).json().path("currentPeriodEnd").asString());

        moveTo(firstEnd.plusSeconds(60));
        token = login(email);
        assertThat(periodBoundary.runDue()).isGreaterThanOrEqualTo(1);
        JsonNode renewed = api.get("/api/v1/subscription", token).json();
        assertThat(renewed.path("status").asString()).isEqualTo("active");
        assertThat(Instant.parse(renewed.path("currentPeriodEnd").asString())).isAfter(clock.instant());
        JsonNode credits = api.get("/api/v1/credits", token).json();
        assertThat(credits.path("buckets").path("monthly").asLong()).isEqualTo(200);
        assertThat(credits.path("buckets").path("rollover").asLong()).isEqualTo(200);
        assertThat(periodBoundary.runDue()).as("nothing more is due").isZero();

        assertThat(api.post("/api/v1/subscription/cancel", "", token).status()).isEqualTo(200);
        moveTo(Instant.parse(renewed.path("currentPeriodEnd").asString()).plusSeconds(60));
        periodBoundary.runDue();
        token = login(email);
        assertThat(api.get("/api/v1/subscription", token).json().path("status").asString()).isEqualTo("canceled");
        assertThat(api.get("/api/v1/me", token).json().path("tier").asString()).isEqualTo("free");
        assertThat(api.get("/api/v1/credits", token).json().path("buckets").path("monthly").asLong())
            .as("no allowance past the end")
            .isEqualTo(200);
    }

    @Test
    void purchaseCompletesLocallyThroughTheWebhook() {
        String token = api.signupToken();
        var response = api.post("/api/v1/credits/purchase", Map.of("packId", "large"), token);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("mode").asString()).isEqualTo("dev");
        assertThat(response.json().path("checkoutUrl").asString())
            .isEqualTo("/api/v1/credits?purchased=" + response.json().path("purchaseId").asString());
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(5 + 1500);
    }

    @Test
    void subscribeActivatesPlusWithMonthlyCreditsAndCancelKeepsItUntilPeriodEnd() {
        String token = api.signupToken();
        Api.Response subscribe = api.post("/api/v1/subscribe", "", token);
        assertThat(subscribe.status()).isEqualTo(200);
        assertThat(subscribe.json().path("mode").asString()).isEqualTo("dev");
        assertThat(api.get("/api/v1/me", token).json().path("tier").asString()).isEqualTo("plus");
        assertThat(api.get("/api/v1/credits", token).json().path("buckets").path("monthly").asLong()).isEqualTo(200);

        var cancel = api.post("/api/v1/subscription/cancel", "", token);
        assertThat(cancel.json().path("status").asString()).isEqualTo("active");
        assertThat(cancel.json().path("cancelAtPeriodEnd").asBoolean()).isTrue();
        assertThat(api.post("/api/v1/subscription/portal", "", token).json().path("url").asString())
            .isEqualTo("/api/v1/subscription?portal=dev");
    }

}
