package dev.prpm.playground.billing;

import static org.assertj.core.api.Assertions.assertThat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prpm.playground.support.Api;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Billing enabled in stripe mode against a WireMock stand-in for api.stripe.com, started
 * per test class (subclasses carry {@code @IntegrationTest @DirtiesContext}).
 */
abstract class StripeStubbedTest {

    static final String SECRET = "whsec_test_0123456789abcdef";
    static WireMockServer stripe;

    @Autowired
    Api api;

    @Autowired
    JdbcClient purchaseRows;

    @BeforeAll
    static void startStripe() {
        stripe = new WireMockServer(options().dynamicPort());
        stripe.start();
        stripe.stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withTransformers("response-template")
            .withBody(
                    """
                            {"id":"cs_test_{{randomValue length=24 type='ALPHANUMERIC'}}","object":"checkout.session",
                             "livemode":false,"status":"open",
                             "url":"https://checkout.stripe.test/c/pay/cs_test_{{randomValue length=12 type='ALPHANUMERIC'}}"}""")));
        stripe.stubFor(post(urlPathMatching("/v1/subscriptions/sub_[A-Za-z0-9_]+"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                    {"id":"sub_test_1","object":"subscription","status":"active","cancel_at_period_end":true}""")));
        stripe.stubFor(post(urlEqualTo("/v1/billing_portal/sessions"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                    {"id":"bps_test_1","object":"billing_portal.session",
                     "url":"https://billing.stripe.test/p/session/test_1"}""")));
    }

    @AfterAll
    static void stopStripe() {
        stripe.stop();
    }

    @DynamicPropertySource
    static void billingProperties(DynamicPropertyRegistry registry) {
        registry.add("prpm.billing.enabled", () -> "true");
        registry.add("prpm.billing.mode", () -> "stripe");
        registry.add("prpm.billing.api-key", () -> "sk_test_stub");
        registry.add("prpm.billing.webhook-secret", () -> SECRET);
        registry.add("prpm.billing.api-base", () -> stripe.baseUrl());
    }

    /**
     * A pending purchase of the small pack (100 credits) made through the API; returns
     * its id.
     */
    UUID pendingPurchase(String token) {
        var response = api.post("/api/v1/credits/purchase", Map.of("packId", "small"), token);
        assertThat(response.status()).isEqualTo(200);
        return UUID.fromString(response.json().path("purchaseId").asString());
    }

    /** The Stripe Checkout session id recorded for a purchase. */
    String sessionOf(UUID purchaseId) {
        return purchaseRows.sql("SELECT stripe_checkout_session_id FROM purchases WHERE id = :id")
            .param("id", purchaseId)
            .query(String.class)
            .single();
    }

    UUID idOf(String token) {
        return UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
    }

    long balance(String token) {
        return api.get("/api/v1/credits", token).json().path("balance").asLong();
    }

    Api.Response deliver(String payload) {
        return StripeTestEvents.deliver(api, payload, SECRET, java.time.Instant.now().getEpochSecond());
    }

}
