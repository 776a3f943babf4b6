package dev.prpm.playground.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

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
