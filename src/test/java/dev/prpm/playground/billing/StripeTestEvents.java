package dev.prpm.playground.billing;

import dev.prpm.playground.support.Api;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Builds Stripe event payloads shaped like the real ones and delivers them signed. */
public final class StripeTestEvents {

    public static final String WEBHOOK = "/api/v1/webhooks/stripe/credits";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StripeTestEvents() {
    }

    public static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    public static String event(String id, String type, Instant created, Map<String, ?> object) {
        var event = new LinkedHashMap<String, Object>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", "2025-08-27.basil");
        event.put("created", created.getEpochSecond());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("type", type);
        event.put("data", Map.of("object", object));
        return JSON.writeValueAsString(event);
    }

    /** The id of an event payload. */
    public static String idOf(String payload) {
        return JSON.readTree(payload).path("id").asString();
    }

    public static String event(String type, Map<String, ?> object) {
        return event(newId("evt_test_"), type, Instant.now(), object);
    }

    /** A paid Checkout of the small pack (500 usd cents). */
    public static Map<String, Object> paidSession(String sessionId, UUID userId, UUID purchaseId,
            String paymentIntent) {
        return paidSession(sessionId, userId, purchaseId, paymentIntent, 500, "usd");
    }

    public static Map<String, Object> paidSession(String sessionId, UUID userId, UUID purchaseId, String paymentIntent,
            long amountTotal, String currency) {
        var session = new LinkedHashMap<String, Object>();
        session.put("id", sessionId);
        session.put("object", "checkout.session");
        session.put("mode", "payment");
        session.put("payment_status", "paid");
        session.put("status", "complete");
        session.put("payment_intent", paymentIntent);
        session.put("amount_total", amountTotal);
        session.put("currency", currency);
        session.put("client_reference_id", userId.toString());
        session.put("metadata", Map.of("user_id", userId.toString(), "purchase_id", purchaseId.toString()));
        return session;
    }

    public static Map<String, Object> subscriptionSession(String subscriptionId, UUID userId) {
        return Map.of("id", newId("cs_test_"), "object", "checkout.session", "mode", "subscription", "status",
                "complete", "subscription", subscriptionId, "customer", "cus_test_" + userId.toString().substring(0, 8),
                "client_reference_id", userId.toString(), "metadata",
                Map.of("user_id", userId.toString(), "price_kind", "individual"));
    }

    public static Map<String, Object> paidInvoice(String subscriptionId, UUID userId, Instant periodStart,
            Instant periodEnd) {
        return Map.of("id", newId("in_test_"), "object", "invoice", "billing_reason", "subscription_create", "status",
                "paid", "amount_paid", 600, "parent",
                Map.of("type", "subscription_details", "subscription_details",
                        Map.of("subscription", subscriptionId, "metadata", Map.of("user_id", userId.toString()))),
                "lines", Map.of("object", "list", "data", List.of(Map.of("object", "line_item", "period",
                        Map.of("start", periodStart.getEpochSecond(), "end", periodEnd.getEpochSecond())))));
    }

    public static Map<String, Object> paidInvoice(String subscriptionId, UUID userId, Instant periodStart,
            Instant periodEnd, String paymentIntent) {
        var invoice = new java.util.HashMap<>(paidInvoice(subscriptionId, userId, periodStart, periodEnd));
        invoice.put("payment_intent", paymentIntent);
        return invoice;
    }

    public static Map<String, Object> checkoutExpired(String sessionId, String mode) {
        return Map.of("id", sessionId, "object", "checkout.session", "mode", mode, "status", "expired");
    }

    public static Map<String, Object> dispute(String paymentIntent, String status) {
        return Map.of("id", newId("dp_test_"), "object", "dispute", "payment_intent", paymentIntent, "charge",
                newId("ch_test_"), "status", status);
    }

    /**
     * Delivers a payload signed at the given clock's time (tests that move the clock).
     */
    public static Api.Response deliver(Api api, String payload, String secret, java.time.Clock clock) {
        return deliver(api, payload, secret, clock.instant().getEpochSecond());
    }

    public static Map<String, Object> subscription(String subscriptionId, UUID userId, String status,
            boolean cancelAtEnd) {
        return Map.of("id", subscriptionId, "object", "subscription", "status", status, "cancel_at_period_end",
                cancelAtEnd, "metadata", Map.of("user_id", userId.toString()));
    }

    public static Map<String, Object> partiallyRefundedCharge(String paymentIntent, long amount, long refunded) {
        return Map.of("id", newId("ch_test_"), "object", "charge", "payment_intent", paymentIntent, "refunded",
                refunded >= amount, "amount", amount, "amount_refunded", refunded);
    }

    public static Map<String, Object> refundedCharge(String paymentIntent) {
        return Map.of("id", newId("ch_test_"), "object", "charge", "payment_intent", paymentIntent, "refunded", true,
                "amount", 500, "amount_refunded", 500);
    }

    public static Api.Response deliver(Api api, String payload, String secret, long timestamp) {
        return api.post(WEBHOOK, payload, null,
                Map.of("Stripe-Signature", WebhookSigner.header(payload, secret, timestamp)));
    }

}
