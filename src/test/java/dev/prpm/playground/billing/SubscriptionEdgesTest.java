package dev.prpm.playground.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.prpm.playground.billing.StripeTestEvents.event;
import static dev.prpm.playground.billing.StripeTestEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * PRPM+ edge cases against the WireMock Stripe: one checkout at a time, a duplicate paid
 * subscription cancelled and refunded, same-second events in any order.
 */
@IntegrationTest
@DirtiesContext
class SubscriptionEdgesTest extends StripeStubbedTest {

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void stubCancelAndRefund() {
        stripe.stubFor(WireMock.delete(urlPathMatching("/v1/subscriptions/sub_[A-Za-z0-9_]+"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                    {"id":"sub_dup","object":"subscription","status":"canceled"}""")));
        stripe.stubFor(post(urlEqualTo("/v1/refunds"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                    {"id":"re_test_dup","object":"refund","status":"succeeded","amount":600}""")));
        stripe.stubFor(get(urlPathEqualTo("/v1/invoice_payments"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                    {"object":"list","url":"/v1/invoice_payments","has_more":false,"data":[
                      {"id":"inpay_1","object":"invoice_payment","status":"paid","amount_paid":600,
                       "payment":{"type":"payment_intent","payment_intent":"pi_test_from_invoice_payments"}}]}""")));
    }

    private Api.Response subscribe(String token, String key) {
        return key == null ? api.post("/api/v1/subscribe", "", token)
                : api.post("/api/v1/subscribe", "", token, Map.of("Idempotency-Key", key));
    }

    private String subscriptionStatus(String token) {
        return api.get("/api/v1/subscription", token).json().path("status").asString();
    }

    private int checkoutsCreatedFor(UUID user) {
        return stripe
            .findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withRequestBody(containing("mode=subscription"))
                .withRequestBody(containing(user.toString())))
            .size();
    }

    /** A paid PRPM+ subscription (checkout, invoice, updated active); its id. */
    private String paidSubscription(UUID user) {
        String subscription = newId("sub_test_");
        Instant now = Instant.now();
        deliver(event("checkout.session.completed", StripeTestEvents.subscriptionSession(subscription, user)));
        deliver(event("invoice.paid",
                StripeTestEvents.paidInvoice(subscription, user, now, now.plus(Duration.ofDays(30)))));
        return subscription;
    }

    @Test
    void aSecondSubscribeIsRefusedWhileACheckoutIsPendingAndTheSameKeyGetsTheSameCheckout() {
        String token = api.signupToken();
        UUID user = idOf(token);
        var first = subscribe(token, "k1");
        assertThat(first.status()).isEqualTo(200);
        String checkoutUrl = first.json().path("checkoutUrl").asString();

        var again = subscribe(token, "k1");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("checkoutUrl").asString()).isEqualTo(checkoutUrl);

        for (String otherKey : new String[] { "k2", null }) {
            var refused = subscribe(token, otherKey);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().path("error").asString()).isEqualTo("subscription_exists");
            assertThat(refused.json().path("subscriptionStatus").asString()).isEqualTo("pending");
            assertThat(refused.json().path("portalUrl").asString()).isEqualTo("/api/v1/subscription/portal");
            assertThat(refused.json().path("checkoutUrl").asString()).isEqualTo(checkoutUrl);
        }

        // the stored idempotent response is gone (purged): the open checkout is still
        // reused
        jdbc.sql("DELETE FROM idempotency_keys WHERE user_id = :u").param("u", user).update();
        assertThat(subscribe(token, "k1").json().path("checkoutUrl").asString()).isEqualTo(checkoutUrl);
        assertThat(checkoutsCreatedFor(user)).isEqualTo(1);

        String session = jdbc.sql("SELECT stripe_checkout_session_id FROM subscription_checkouts WHERE user_id = :u")
            .param("u", user)
            .query(String.class)
            .single();
        deliver(event("checkout.session.expired", StripeTestEvents.checkoutExpired(session, "subscription")));
        var afterExpiry = subscribe(token, "k3");
        assertThat(afterExpiry.status()).as("an abandoned checkout frees the slot").isEqualTo(200);
        assertThat(checkoutsCreatedFor(user)).isEqualTo(2);

        String subscription = paidSubscription(user);
        var whileActive = subscribe(token, "k4");
        assertThat(whileActive.status()).isEqualTo(409);
        assertThat(whileActive.json().path("subscriptionStatus").asString()).isEqualTo("active");
        assertThat(whileActive.json().path("checkoutUrl").isMissingNode()).isTrue();
        assertThat(subscription).isNotNull();
    }

    @Test
    void concurrentSubscribesWithDifferentKeysStartOneCheckout() throws Exception {
        String token = api.signupToken();
        UUID user = idOf(token);
        var start = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                String key = "race-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return subscribe(token, key);
                }));
            }
            start.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Api.Response> result : results) {
            statuses.add(result.get().status());
        }
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        assertThat(checkoutsCreatedFor(user)).isEqualTo(1);
    }

    @Test
    void aSecondPaidSubscriptionIsCanceledAndRefundedAtStripeAndCreditsOnce() {
        String token = api.signupToken();
        UUID user = idOf(token);
        String kept = paidSubscription(user);
        assertThat(balance(token)).isEqualTo(205);

        String second = newId("sub_test_");
        Instant now = Instant.now();
        var checkout = deliver(event("checkout.session.completed", StripeTestEvents.subscriptionSession(second, user)));
        assertThat(checkout.json().path("status").asString()).isEqualTo("processed");
        deliver(event("customer.subscription.created", StripeTestEvents.subscription(second, user, "active", false)));
        String invoice = event("invoice.paid",
                StripeTestEvents.paidInvoice(second, user, now, now.plus(Duration.ofDays(30))));
        deliver(invoice);
        deliver(event("invoice.paid", StripeTestEvents.paidInvoice(second, user, now, now.plus(Duration.ofDays(30)))));

        stripe.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/subscriptions/" + second)).withQueryParam("prorate",
                WireMock.equalTo("false")));
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
            .withRequestBody(containing("payment_intent=pi_test_from_invoice_payments")));
        var row = jdbc.sql("""
                SELECT kept_subscription_id, reason, refund_id, refund_cents FROM subscription_duplicates
                WHERE stripe_subscription_id = :s""")
            .param("s", second)
            .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
            .single();
        assertThat(row.get(0)).isEqualTo(kept);
        assertThat((String) row.get(1)).contains(kept, "duplicate");
        assertThat(row.get(2)).isEqualTo("re_test_dup");
        assertThat((Long) row.get(3)).isBetween(590L, 600L);

        deliver(event("customer.subscription.deleted", StripeTestEvents.subscription(second, user, "canceled", false)));
        assertThat(balance(token)).as("the second subscription credits nothing").isEqualTo(205);
        assertThat(subscriptionStatus(token)).isEqualTo("active");
        assertThat(api.get("/api/v1/me", token).json().path("tier").asString()).isEqualTo("plus");
        assertThat(jdbc.sql("SELECT stripe_subscription_id FROM subscriptions WHERE user_id = :u")
            .param("u", user)
            .query(String.class)
            .single()).isEqualTo(kept);
    }

    @Test
    void aDuplicateInvoiceCarryingItsPaymentIntentIsRefundedThroughIt() {
        String token = api.signupToken();
        UUID user = idOf(token);
        paidSubscription(user);
        String second = newId("sub_test_");
        String paymentIntent = newId("pi_test_");
        Instant now = Instant.now();
        deliver(event("invoice.paid", StripeTestEvents.paidInvoice(second, user, now.plus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)), paymentIntent)));
        stripe.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/subscriptions/" + second)).withQueryParam("prorate",
                WireMock.equalTo("false")));
        stripe.verify(1,
                postRequestedFor(urlEqualTo("/v1/refunds"))
                    .withRequestBody(containing("payment_intent=" + paymentIntent))
                    .withRequestBody(containing("amount=600")));
        assertThat(balance(token)).isEqualTo(205);
    }

    /**
     * Four events of one new subscription, all stamped with the same second, the
     * incomplete {@code created} arriving last.
     */
    private List<String> sameSecondEvents(UUID user, String subscription, Instant second) {
        return List.of(
                event(newId("evt_test_"), "checkout.session.completed", second,
                        StripeTestEvents.subscriptionSession(subscription, user)),
                event(newId("evt_test_"), "invoice.paid", second,
                        StripeTestEvents.paidInvoice(subscription, user, second, second.plus(Duration.ofDays(30)))),
                event(newId("evt_test_"), "customer.subscription.updated", second,
                        StripeTestEvents.subscription(subscription, user, "active", false)),
                event(newId("evt_test_"), "customer.subscription.created", second,
                        StripeTestEvents.subscription(subscription, user, "incomplete", false)));
    }

    @Test
    void sameSecondEventsNeverMoveAPaidSubscriptionBackToIncomplete() {
        String token = api.signupToken();
        UUID user = idOf(token);
        String subscription = newId("sub_test_");
        sameSecondEvents(user, subscription, Instant.now().truncatedTo(ChronoUnit.SECONDS)).forEach(this::deliver);

        assertThat(subscriptionStatus(token)).isEqualTo("active");
        assertThat(subscribe(token, null).status()).isEqualTo(409);
        assertThat(balance(token)).isEqualTo(205);
        deliver(event("customer.subscription.updated",
                StripeTestEvents.subscription(subscription, user, "past_due", false)));
        assertThat(subscriptionStatus(token)).as("a later event still moves it").isEqualTo("past_due");
    }

    @Test
    void sameSecondEventsDeliveredConcurrentlySettleActiveAndGrantOnce() throws Exception {
        for (int round = 0; round < 4; round++) {
            String token = api.signupToken();
            UUID user = idOf(token);
            List<String> payloads = new ArrayList<>(
                    sameSecondEvents(user, newId("sub_test_"), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            java.util.Collections.rotate(payloads, round);
            var start = new CountDownLatch(1);
            List<Future<Api.Response>> results = new ArrayList<>();
            try (var pool = Executors.newFixedThreadPool(payloads.size())) {
                for (String payload : payloads) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return deliver(payload);
                    }));
                }
                start.countDown();
            }
            for (Future<Api.Response> result : results) {
                assertThat(result.get().status()).isEqualTo(200);
            }
            assertThat(subscriptionStatus(token)).isEqualTo("active");
            assertThat(balance(token)).isEqualTo(205);
            assertThat(
                    jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u AND type = 'monthly_grant'")
                        .param("u", user)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
            assertThat(subscribe(token, null).status()).isEqualTo(409);
        }
    }

}
