package dev.prpm.playground.billing;

import static dev.prpm.playground.billing.StripeTestEvents.event;
import static dev.prpm.playground.billing.StripeTestEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.IntegrationTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * What a buyer sees of their purchases (GET /credits/purchases), delayed payments that
 * fail, and disputes that close won or lost — against the WireMock Stripe.
 */
@IntegrationTest
@DirtiesContext
class PurchaseStatesTest extends StripeStubbedTest {

    @Autowired
    JdbcClient jdbc;

    /**
     * Completes a pending purchase of the small pack (100 credits); its payment intent.
     */
    private String complete(String token, UUID purchase) {
        String paymentIntent = newId("pi_test_");
        deliver(event("checkout.session.completed",
                StripeTestEvents.paidSession(sessionOf(purchase), idOf(token), purchase, paymentIntent)));
        return paymentIntent;
    }

    private JsonNode purchaseView(String token, UUID purchase) {
        var response = api.get("/api/v1/credits/purchases/" + purchase, token);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private Map<String, Object> asyncFailure(String session, UUID user, UUID purchase) {
        var object = new HashMap<String, Object>(StripeTestEvents.paidSession(session, user, purchase, newId("pi_")));
        object.put("payment_status", "unpaid");
        return object;
    }

    @Test
    void theBuyerSeesEveryPurchaseWithItsStateAndReversals() {
        String token = api.signupToken();
        UUID user = idOf(token);
        UUID pending = pendingPurchase(token);
        UUID completed = pendingPurchase(token);
        complete(token, completed);
        UUID expired = pendingPurchase(token);
        deliver(event("checkout.session.expired", StripeTestEvents.checkoutExpired(sessionOf(expired), "payment")));
        UUID failed = pendingPurchase(token);
        var failure = deliver(
                event("checkout.session.async_payment_failed", asyncFailure(sessionOf(failed), user, failed)));
        assertThat(failure.json().path("status").asString()).isEqualTo("processed");
        UUID refunded = pendingPurchase(token);
        String refundedIntent = complete(token, refunded);
        UUID disputed = pendingPurchase(token);
        String disputedIntent = complete(token, disputed);
        assertThat(balance(token)).isEqualTo(5 + 300);
        assertThat(api.post("/test/credits/reserve?amount=250", "", token).status()).isEqualTo(200);
        deliver(event("charge.refunded", StripeTestEvents.refundedCharge(refundedIntent)));
        deliver(event("charge.dispute.created", StripeTestEvents.dispute(disputedIntent, "needs_response")));

        var page = api.get("/api/v1/credits/purchases", token).json();
        assertThat(page.path("total").asLong()).isEqualTo(6);
        Map<String, String> statuses = new HashMap<>();
        page.path("items").forEach(item -> statuses.put(item.path("id").asString(), item.path("status").asString()));
        assertThat(statuses).containsEntry(pending.toString(), "pending")
            .containsEntry(completed.toString(), "completed")
            .containsEntry(expired.toString(), "expired")
            .containsEntry(failed.toString(), "failed")
            .containsEntry(refunded.toString(), "refunded")
            .containsEntry(disputed.toString(), "disputed");

        JsonNode refund = purchaseView(token, refunded);
        assertThat(refund.path("creditsClawedBack").asLong()).as("55 purchased credits were left unheld").isEqualTo(55);
        assertThat(refund.path("clawbackShortfall").asLong()).isEqualTo(45);
        assertThat(refund.path("amountCents").asLong()).isEqualTo(500);
        JsonNode dispute = purchaseView(token, disputed);
        assertThat(dispute.path("creditsClawedBack").asLong()).isZero();
        assertThat(dispute.path("clawbackShortfall").asLong()).isEqualTo(100);

        deliver(event("checkout.session.completed",
                StripeTestEvents.paidSession(sessionOf(failed), user, failed, newId("pi_test_"))));
        assertThat(purchaseView(token, failed).path("status").asString()).as("a failed payment never grants")
            .isEqualTo("failed");

        String stranger = api.signupToken();
        var notMine = api.get("/api/v1/credits/purchases/" + completed, stranger);
        assertThat(notMine.status()).isEqualTo(404);
        assertThat(notMine.json().path("error").asString()).isEqualTo("purchase_not_found");
        assertThat(api.get("/api/v1/credits/purchases", stranger).json().path("total").asLong()).isZero();
        assertThat(api.get("/api/v1/credits/purchases").status()).isEqualTo(401);
    }

    @Test
    void aWonDisputeRestoresWhatItClawedBackOnce() {
        String token = api.signupToken();
        UUID user = idOf(token);
        UUID purchase = pendingPurchase(token);
        String paymentIntent = complete(token, purchase);
        assertThat(api.post("/test/credits/reserve?amount=30", "", token).status()).isEqualTo(200);
        deliver(event("charge.dispute.created", StripeTestEvents.dispute(paymentIntent, "needs_response")));
        assertThat(balance(token)).isZero(); // 75 taken, 25 short, 30 held

        var won = event("charge.dispute.closed", StripeTestEvents.dispute(paymentIntent, "won"));
        assertThat(deliver(won).json().path("status").asString()).isEqualTo("processed");
        deliver(won);
        deliver(event("charge.dispute.closed", StripeTestEvents.dispute(paymentIntent, "won")));
        deliver(event("charge.dispute.created", StripeTestEvents.dispute(paymentIntent, "needs_response")));

        assertThat(balance(token)).isEqualTo(75);
        JsonNode view = purchaseView(token, purchase);
        assertThat(view.path("status").asString()).isEqualTo("completed");
        assertThat(view.path("creditsRestored").asLong()).isEqualTo(75);
        assertThat(view.path("creditsClawedBack").asLong()).isZero();
        assertThat(view.path("clawbackShortfall").asLong()).isZero();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM credit_transactions WHERE user_id = :u AND type = 'purchase'
                AND reason LIKE 'Dispute won%'""").param("u", user).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aWonDisputeAfterAPartialRefundRestoresOnlyTheDisputesShare() {
        String token = api.signupToken();
        UUID purchase = pendingPurchase(token);
        String paymentIntent = complete(token, purchase);
        deliver(event("charge.refunded", StripeTestEvents.partiallyRefundedCharge(paymentIntent, 500, 125)));
        deliver(event("charge.dispute.created", StripeTestEvents.dispute(paymentIntent, "needs_response")));
        assertThat(balance(token)).isEqualTo(5);

        deliver(event("charge.dispute.closed", StripeTestEvents.dispute(paymentIntent, "won")));
        assertThat(balance(token)).isEqualTo(80);
        JsonNode view = purchaseView(token, purchase);
        assertThat(view.path("status").asString()).isEqualTo("refunded");
        assertThat(view.path("creditsClawedBack").asLong()).isEqualTo(25);
        assertThat(view.path("creditsRestored").asLong()).isEqualTo(75);
    }

    @Test
    void aLostDisputeKeepsTheCreditsClawedBackAndAWinSeenFirstMakesTheDisputeTakeNothing() {
        String token = api.signupToken();
        UUID lostPurchase = pendingPurchase(token);
        String lost = complete(token, lostPurchase);
        deliver(event("charge.dispute.created", StripeTestEvents.dispute(lost, "needs_response")));
        deliver(event("charge.dispute.closed", StripeTestEvents.dispute(lost, "lost")));
        assertThat(balance(token)).isEqualTo(5);
        assertThat(purchaseView(token, lostPurchase).path("status").asString()).isEqualTo("disputed");

        UUID earlyWin = pendingPurchase(token);
        String paymentIntent = complete(token, earlyWin);
        deliver(event("charge.dispute.closed", StripeTestEvents.dispute(paymentIntent, "won")));
        deliver(event("charge.dispute.created", StripeTestEvents.dispute(paymentIntent, "needs_response")));
        assertThat(balance(token)).isEqualTo(105);
        assertThat(purchaseView(token, earlyWin).path("status").asString()).isEqualTo("completed");
    }

}
