package dev.prpm.playground.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.prpm.playground.billing.StripeTestEvents.event;
import static dev.prpm.playground.billing.StripeTestEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prpm.playground.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

@IntegrationTest
@DirtiesContext
class BillingFlowTest extends StripeStubbedTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    dev.prpm.playground.idempotency.Idempotency idempotent;

    private String tier(String token) {
        return api.get("/api/v1/me", token).json().path("tier").asString();
    }

    @Test
    void packsAreListedPublicly() {
        JsonNode packs = api.get("/api/v1/credits/packages").json().path("packs");
        assertThat(packs).hasSize(3);
        assertThat(packs.get(0).path("id").asString()).isEqualTo("small");
        assertThat(packs.get(0).path("credits").asLong()).isEqualTo(100);
        assertThat(packs.get(2).path("amountCents").asLong()).isEqualTo(5000);
    }

    @Test
    void purchaseThenWebhookAddsThePackToTheBalance() {
        String token = api.signupToken();
        UUID user = idOf(token);
        var response = api.post("/api/v1/credits/purchase", Map.of("packId", "medium"), token);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("checkoutUrl").asString()).startsWith("https://checkout.stripe.test/");
        UUID purchase = UUID.fromString(response.json().path("purchaseId").asString());
        stripe.verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions")).withRequestBody(containing("mode=payment"))
            .withRequestBody(containing("client_reference_id=" + user))
            .withRequestBody(containing(purchase.toString()))
            .withRequestBody(containing("[unit_amount]=2000")));
        String session = jdbc
            .sql("SELECT stripe_checkout_session_id FROM purchases WHERE id = :id AND status = 'pending'")
            .param("id", purchase)
            .query(String.class)
            .single();

        var webhook = deliver(event("checkout.session.completed",
                StripeTestEvents.paidSession(session, user, purchase, newId("pi_test_"), 2000, "usd")));
        assertThat(webhook.status()).isEqualTo(200);
        assertThat(balance(token)).isEqualTo(5 + 500);
        assertThat(api.get("/api/v1/credits/history?type=purchase", token)
            .json()
            .path("items")
            .get(0)
            .path("amount")
            .asLong()).isEqualTo(500);
    }

    @Test
    void unknownPackIsAValidationError() {
        var response = api.post("/api/v1/credits/purchase", Map.of("packId", "gigantic"), api.signupToken());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asString()).isEqualTo("validation_failed");
        assertThat(api.post("/api/v1/credits/purchase", Map.of("packId", "small")).status()).isEqualTo(401);
    }

    @Test
    void idempotencyKeyReturnsTheFirstCheckoutAndCreatesOnePurchase() {
        String token = api.signupToken();
        UUID user = idOf(token);
        String key = "key-" + UUID.randomUUID();
        var first = api.post("/api/v1/credits/purchase", Map.of("packId", "small"), token,
                Map.of("Idempotency-Key", key));
        var second = api.post("/api/v1/credits/purchase", Map.of("packId", "small"), token,
                Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("checkoutUrl").asString()).isEqualTo(first.json().path("checkoutUrl").asString());
        assertThat(second.json().path("purchaseId").asString()).isEqualTo(first.json().path("purchaseId").asString());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(jdbc.sql("SELECT count(*) FROM purchases WHERE user_id = :u")
            .param("u", user)
            .query(Long.class)
            .single()).isEqualTo(1);
        stripe.verify(1,
                postRequestedFor(urlEqualTo("/v1/checkout/sessions")).withHeader("Idempotency-Key",
                        equalTo(dev.prpm.playground.idempotency.Idempotency.downstreamKey(user,
                                "POST /api/v1/credits/purchase", key))));

        var other = api.post("/api/v1/credits/purchase", Map.of("packId", "large"), token,
                Map.of("Idempotency-Key", key));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().path("error").asString()).isEqualTo("idempotency_conflict");
    }

    @Test
    void aConcurrentRepeatWhileTheFirstRunsIs409AndAStripeFailureIs502WithoutAPurchase() throws Exception {
        String token = api.signupToken();
        UUID user = idOf(token);
        var started = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newSingleThreadExecutor()) {
            var first = pool.submit(() -> idempotent.execute(user, "slow", "POST /x", Map.of("a", 1), () -> {
                started.countDown();
                await(release);
                return org.springframework.http.ResponseEntity.ok(Map.of("done", true));
            }));
            started.await();
            assertThatThrownBy(() -> idempotent.execute(user, "slow", "POST /x", Map.of("a", 1),
                    () -> org.springframework.http.ResponseEntity.ok("again")))
                .hasMessageContaining("still in progress");
            release.countDown();
            assertThat(first.get().getStatusCode().value()).isEqualTo(200);
        }

        stripe.stubFor(post(urlEqualTo("/v1/checkout/sessions")).atPriority(1)
            .withRequestBody(containing("stripe-down"))
            .willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}")));
        String down = api.signup("stripe-down-" + UUID.randomUUID() + "@example.com").json().path("token").asString();
        var failed = api.post("/api/v1/credits/purchase", Map.of("packId", "small"), down,
                Map.of("Idempotency-Key", "k1"));
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.json().path("error").asString()).isEqualTo("payment_provider_error");
        assertThat(jdbc.sql("SELECT count(*) FROM purchases WHERE user_id = :u")
            .param("u", idOf(down))
            .query(Long.class)
            .single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE user_id = :u")
            .param("u", idOf(down))
            .query(Long.class)
            .single()).isZero();
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void subscribeThenInvoicePaidGrantsMonthlyCreditsAndPlus() {
        String token = api.signupToken();
        UUID user = idOf(token);
        assertThat(api.get("/api/v1/subscription", token).json().path("status").asString()).isEqualTo("none");
        var subscribe = api.post("/api/v1/subscribe", "", token, Map.of("Idempotency-Key", "sub-" + user));
        assertThat(subscribe.status()).isEqualTo(200);
        assertThat(subscribe.json().path("checkoutUrl").asString()).startsWith("https://checkout.stripe.test/");
        assertThat(subscribe.json().path("priceKind").asString()).isEqualTo("individual");
        stripe.verify(
                postRequestedFor(urlEqualTo("/v1/checkout/sessions")).withRequestBody(containing("mode=subscription"))
                    .withRequestBody(containing("price_prpm_plus_individual"))
                    .withRequestBody(containing(user.toString())));

        String subscription = newId("sub_test_");
        Instant start = Instant.now();
        deliver(event("checkout.session.completed", StripeTestEvents.subscriptionSession(subscription, user)));
        String invoicePaid = event(newId("evt_test_"), "invoice.paid", Instant.now(),
                StripeTestEvents.paidInvoice(subscription, user, start, start.plus(Duration.ofDays(30))));
        assertThat(deliver(invoicePaid).status()).isEqualTo(200);

        JsonNode credits = api.get("/api/v1/credits", token).json();
        assertThat(credits.path("buckets").path("monthly").asLong()).isEqualTo(200);
        assertThat(credits.path("balance").asLong()).isEqualTo(205);
        assertThat(tier(token)).isEqualTo("plus");
        JsonNode sub = api.get("/api/v1/subscription", token).json();
        assertThat(sub.path("status").asString()).isEqualTo("active");
        assertThat(sub.path("priceKind").asString()).isEqualTo("individual");
        assertThat(sub.path("cancelAtPeriodEnd").asBoolean()).isFalse();

        // the same invoice again (another event id, e.g. a resend) grants nothing more
        deliver(event("invoice.paid",
                StripeTestEvents.paidInvoice(subscription, user, start, start.plus(Duration.ofDays(30)))));
        assertThat(balance(token)).isEqualTo(205);
        assertThat(api.post("/api/v1/subscribe", "", token).status()).isEqualTo(409);

        var cancel = api.post("/api/v1/subscription/cancel", "", token);
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().path("cancelAtPeriodEnd").asBoolean()).isTrue();
        stripe.verify(postRequestedFor(urlEqualTo("/v1/subscriptions/" + subscription))
            .withRequestBody(containing("cancel_at_period_end=true")));
        var portal = api.post("/api/v1/subscription/portal", "", token);
        assertThat(portal.json().path("url").asString()).startsWith("https://billing.stripe.test/");

        deliver(event("customer.subscription.deleted",
                StripeTestEvents.subscription(subscription, user, "canceled", true)));
        assertThat(tier(token)).isEqualTo("free");
        assertThat(api.get("/api/v1/subscription", token).json().path("status").asString()).isEqualTo("canceled");
        assertThat(balance(token)).isEqualTo(205); // nothing granted or taken on cancel
    }

    @Test
    void deletedBeforeAnOlderInvoiceDoesNotReactivate() {
        String token = api.signupToken();
        UUID user = idOf(token);
        String subscription = newId("sub_test_");
        Instant now = Instant.now();
        deliver(event(newId("evt_test_"), "customer.subscription.deleted", now,
                StripeTestEvents.subscription(subscription, user, "canceled", false)));
        deliver(event(newId("evt_test_"), "invoice.paid", now.minusSeconds(3600),
                StripeTestEvents.paidInvoice(subscription, user, now.minusSeconds(3600), now.plusSeconds(86400))));
        deliver(event(newId("evt_test_"), "customer.subscription.updated", now.minusSeconds(1800),
                StripeTestEvents.subscription(subscription, user, "active", false)));

        assertThat(balance(token)).isEqualTo(5);
        assertThat(tier(token)).isEqualTo("free");
        assertThat(api.get("/api/v1/subscription", token).json().path("status").asString()).isEqualTo("canceled");
        assertThat(api.post("/api/v1/subscription/cancel", "", token).json().path("error").asString())
            .isEqualTo("subscription_not_found");
    }

    @Test
    void orgMembersSeeAndGetTheOrgPrice() {
        String token = api.signupToken();
        UUID user = idOf(token);
        JsonNode anonymous = api.get("/api/v1/pricing").json();
        assertThat(anonymous.path("plans")).hasSize(2);
        assertThat(anonymous.path("yourPlan").isMissingNode()).isTrue();
        assertThat(api.get("/api/v1/pricing", token).json().path("yourPlan").asString()).isEqualTo("individual");

        UUID org = UUID.randomUUID();
        jdbc.sql("INSERT INTO organizations (id, name, slug, verified) VALUES (:id, 'Acme', :slug, TRUE)")
            .param("id", org)
            .param("slug", "acme-" + org.toString().substring(0, 8))
            .update();
        jdbc.sql("INSERT INTO org_memberships (org_id, user_id) VALUES (:org, :user)")
            .param("org", org)
            .param("user", user)
            .update();

        JsonNode pricing = api.get("/api/v1/pricing", token).json();
        assertThat(pricing.path("yourPlan").asString()).isEqualTo("org");
        assertThat(pricing.path("orgMember").asBoolean()).isTrue();
        assertThat(pricing.path("plans").get(1).path("amountCents").asLong()).isEqualTo(200);
        var subscribe = api.post("/api/v1/subscribe", "", token);
        assertThat(subscribe.json().path("priceKind").asString()).isEqualTo("org");
        stripe.verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
            .withRequestBody(containing("price_prpm_plus_org")));
    }

}
