package dev.prpm.playground.billing;

import static dev.prpm.playground.billing.StripeTestEvents.event;
import static dev.prpm.playground.billing.StripeTestEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

@IntegrationTest
@DirtiesContext
class StripeWebhookTest extends StripeStubbedTest {

    @Autowired
    JdbcClient jdbc;

    private String storedStatus(String eventId) {
        return jdbc.sql("SELECT status FROM stripe_events WHERE id = :id")
            .param("id", eventId)
            .query(String.class)
            .single();
    }

    @Test
    void aValidSignatureIsAcceptedAndAnUnknownTypeIsStoredAsIgnored() {
        String id = newId("evt_test_");
        var response = deliver(
                event(id, "customer.created", Instant.now(), Map.of("id", "cus_1", "object", "customer")));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("status").asString()).isEqualTo("ignored");
        assertThat(storedStatus(id)).isEqualTo("ignored");
    }

    @Test
    void invalidStaleFutureAndMissingSignaturesAre400ProblemsAndStoreNothing() {
        String id = newId("evt_test_");
        String payload = event(id, "customer.created", Instant.now(), Map.of("id", "cus_1"));
        long now = Instant.now().getEpochSecond();

        var wrongSecret = StripeTestEvents.deliver(api, payload, "whsec_someone_else", now);
        var stale = StripeTestEvents.deliver(api, payload, SECRET, now - 301);
        var future = StripeTestEvents.deliver(api, payload, SECRET, now + 400);
        var tampered = api.post(StripeTestEvents.WEBHOOK, payload.replace("customer.created", "invoice.paid"), null,
                Map.of("Stripe-Signature", WebhookSigner.header(payload, SECRET, now)));
        var missing = api.post(StripeTestEvents.WEBHOOK, payload, null);

        for (Api.Response response : List.of(wrongSecret, stale, future, tampered, missing)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("error").asString()).isEqualTo("invalid_signature");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM stripe_events WHERE id = :id")
            .param("id", id)
            .query(Long.class)
            .single()).isZero();
        assertThat(StripeTestEvents.deliver(api, payload, SECRET, now - 200).status()).isEqualTo(200);
    }

    @Test
    void theSameEventDeliveredFiveTimesConcurrentlyGrantsOnce() throws Exception {
        String token = api.signupToken();
        UUID user = idOf(token);
        UUID purchase = pendingPurchase(token);
        String session = sessionOf(purchase);
        String payload = event(newId("evt_test_"), "checkout.session.completed", Instant.now(),
                StripeTestEvents.paidSession(session, user, purchase, newId("pi_test_")));

        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(5)) {
            List<Future<Api.Response>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return deliver(payload);
                }));
            }
            start.countDown();
            for (Future<Api.Response> result : results) {
                assertThat(result.get().status()).isEqualTo(200);
            }
        }
        assertThat(balance(token)).isEqualTo(5 + 100);
        assertThat(jdbc.sql("SELECT count(*) FROM credit_transactions WHERE stripe_ref = :s")
            .param("s", session)
            .query(Long.class)
            .single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT status FROM purchases WHERE id = :id")
            .param("id", purchase)
            .query(String.class)
            .single()).isEqualTo("completed");
    }

    @Test
    void aCheckoutPaidWithAnotherAmountOrCurrencyGrantsNothing() {
        String token = api.signupToken();
        UUID user = idOf(token);
        UUID purchase = pendingPurchase(token);
        String session = sessionOf(purchase);
        String cheaper = newId("evt_test_");
        String otherCurrency = newId("evt_test_");
        deliver(event(cheaper, "checkout.session.completed", Instant.now(),
                StripeTestEvents.paidSession(session, user, purchase, newId("pi_test_"), 1, "usd")));
        deliver(event(otherCurrency, "checkout.session.completed", Instant.now(),
                StripeTestEvents.paidSession(session, user, purchase, newId("pi_test_"), 500, "jpy")));
        assertThat(storedStatus(cheaper)).isEqualTo("ignored");
        assertThat(storedStatus(otherCurrency)).isEqualTo("ignored");
        assertThat(balance(token)).isEqualTo(5);
        assertThat(jdbc.sql("SELECT status FROM purchases WHERE id = :id")
            .param("id", purchase)
            .query(String.class)
            .single()).isEqualTo("pending");

        deliver(event("checkout.session.completed",
                StripeTestEvents.paidSession(session, user, purchase, newId("pi_test_"), 500, "USD")));
        assertThat(balance(token)).isEqualTo(5 + 100);
    }

    @Test
    void anAbandonedCheckoutExpiresThePurchaseAndALateCompletionGrantsNothing() {
        String token = api.signupToken();
        UUID user = idOf(token);
        UUID purchase = pendingPurchase(token);
        String session = sessionOf(purchase);
        String expired = newId("evt_test_");
        deliver(event(expired, "checkout.session.expired", Instant.now(),
                Map.of("id", session, "object", "checkout.session", "status", "expired")));
        assertThat(storedStatus(expired)).isEqualTo("processed");
        assertThat(jdbc.sql("SELECT status FROM purchases WHERE id = :id")
            .param("id", purchase)
            .query(String.class)
            .single()).isEqualTo("expired");

        deliver(event("checkout.session.completed",
                StripeTestEvents.paidSession(session, user, purchase, newId("pi_test_"))));
        assertThat(balance(token)).isEqualTo(5);
    }

    /**
     * A signed-up user who bought the small pack (balance 5 + 100) with the given payment
     * intent.
     */
    private record Bought(String token, UUID user, UUID purchase) {
    }

    private Bought bought(String paymentIntent) {
        String token = api.signupToken();
        UUID user = idOf(token);
        UUID purchase = pendingPurchase(token);
        deliver(event("checkout.session.completed",
                StripeTestEvents.paidSession(sessionOf(purchase), user, purchase, paymentIntent)));
        assertThat(balance(token)).isEqualTo(105);
        return new Bought(token, user, purchase);
    }

    @Test
    void partialRefundsClawBackTheirShareCumulatively() {
        String paymentIntent = newId("pi_test_");
        Bought bought = bought(paymentIntent);
        String token = bought.token();
        UUID purchase = bought.purchase();

        deliver(event("charge.refunded", StripeTestEvents.partiallyRefundedCharge(paymentIntent, 500, 125)));
        assertThat(balance(token)).as("a quarter of the pack").isEqualTo(80);
        deliver(event("charge.refunded", StripeTestEvents.partiallyRefundedCharge(paymentIntent, 500, 125)));
        assertThat(balance(token)).as("the same cumulative refund again takes nothing more").isEqualTo(80);
        deliver(event("charge.refunded", StripeTestEvents.partiallyRefundedCharge(paymentIntent, 500, 500)));
        assertThat(balance(token)).as("refunded in full: the whole pack is back").isEqualTo(5);
        assertThat(jdbc.sql("SELECT credits_clawed_back FROM purchases WHERE id = :id")
            .param("id", purchase)
            .query(Long.class)
            .single()).isEqualTo(100);
    }

    @Test
    void aRefundClawsBackOnceAndRecordsTheShortfall() {
        String paymentIntent = newId("pi_test_");
        Bought bought = bought(paymentIntent);
        String token = bought.token();
        UUID user = bought.user();
        UUID purchase = bought.purchase();
        assertThat(api.post("/test/credits/reserve?amount=30", "", token).status()).isEqualTo(200); // 30
                                                                                                    // of
                                                                                                    // 105
                                                                                                    // held

        var refund = deliver(event("charge.refunded", StripeTestEvents.refundedCharge(paymentIntent)));
        assertThat(refund.status()).isEqualTo(200);
        var row = jdbc.sql("""
                SELECT status, credits_clawed_back, clawback_shortfall FROM purchases WHERE id = :id""")
            .param("id", purchase)
            .query((rs, n) -> List.of(rs.getString(1), rs.getLong(2), rs.getLong(3)))
            .single();
        assertThat(row).containsExactly("refunded", 75L, 25L);
        assertThat(balance(token)).isZero();

        var second = deliver(event("charge.dispute.created", Map.of("id", newId("dp_test_"), "object", "dispute",
                "payment_intent", paymentIntent, "charge", newId("ch_test_"))));
        assertThat(second.status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u AND type = 'refund'")
            .param("u", user)
            .query(Long.class)
            .single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT credits_clawed_back FROM purchases WHERE id = :id")
            .param("id", purchase)
            .query(Long.class)
            .single()).isEqualTo(75);
    }

    @Test
    void eventsForUnknownUsersOrPurchasesAreRecordedAsUnmatchedNot500() {
        String unknownUser = UUID.randomUUID().toString();
        String invoiceEvent = newId("evt_test_");
        var invoice = deliver(event(invoiceEvent, "invoice.paid", Instant.now(), StripeTestEvents.paidInvoice(
                newId("sub_test_"), UUID.fromString(unknownUser), Instant.now(), Instant.now().plusSeconds(86400))));
        String checkoutEvent = newId("evt_test_");
        var checkout = deliver(event(checkoutEvent, "checkout.session.completed", Instant.now(),
                StripeTestEvents.paidSession(newId("cs_test_"), UUID.randomUUID(), UUID.randomUUID(), newId("pi_"))));
        String refundEvent = newId("evt_test_");
        var refund = deliver(event(refundEvent, "charge.refunded", Instant.now(),
                StripeTestEvents.refundedCharge(newId("pi_test_"))));

        assertThat(List.of(invoice.status(), checkout.status(), refund.status())).containsOnly(200);
        assertThat(List.of(storedStatus(invoiceEvent), storedStatus(checkoutEvent), storedStatus(refundEvent)))
            .containsOnly("unmatched");
    }

}
