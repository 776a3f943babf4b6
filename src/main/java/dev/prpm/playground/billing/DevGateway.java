package dev.prpm.playground.billing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import tools.jackson.databind.ObjectMapper;

/**
 * DEV MODE ONLY (prpm.billing.mode=dev): no Stripe, no money. A checkout "completes" at
 * once: this gateway builds the Stripe events Checkout would send, signs them with the
 * webhook secret exactly as Stripe does and posts them to this app's own webhook
 * endpoint, so the production code path grants the credits. Checkout URLs point at local
 * pages. Period ends are played too ({@link DevPeriodBoundary}): renewal or deletion.
 */
class DevGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(DevGateway.class);

    private static final String WEBHOOK_PATH = "/api/v1/webhooks/stripe/credits";

    private final BillingProperties properties;

    private final Environment environment;

    private final ObjectMapper json;

    private final Clock clock;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DevGateway(BillingProperties properties, Environment environment, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.environment = environment;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String mode() {
        return "dev";
    }

    @Override
    public Checkout packCheckout(PackCheckout request, String idempotencyKey) {
        String sessionId = "cs_dev_" + compact(UUID.randomUUID());
        var session = new LinkedHashMap<String, Object>();
        session.put("id", sessionId);
        session.put("object", "checkout.session");
        session.put("mode", "payment");
        session.put("payment_status", "paid");
        session.put("status", "complete");
        session.put("payment_intent", "pi_dev_" + compact(request.purchaseId()));
        session.put("client_reference_id", request.userId().toString());
        session.put("amount_total", request.pack().amountCents());
        session.put("currency", request.pack().currency());
        session.put("metadata",
                Map.of("user_id", request.userId().toString(), "purchase_id", request.purchaseId().toString(),
                        "pack_id", request.pack().id(), "credits", Long.toString(request.pack().credits())));
        deliver("checkout.session.completed", session);
        log.info("billing.dev.checkout_completed purchaseId={} (dev mode: no payment taken)", request.purchaseId());
        return new Checkout(sessionId, "/api/v1/credits?purchased=" + request.purchaseId());
    }

    @Override
    public Checkout subscriptionCheckout(SubscriptionCheckout request, String idempotencyKey) {
        String sessionId = "cs_dev_" + compact(UUID.randomUUID());
        String subscriptionId = "sub_dev_" + compact(UUID.randomUUID());
        String customerId = request.customerId() != null ? request.customerId()
                : "cus_dev_" + compact(request.userId());
        Map<String, String> metadata = Map.of("user_id", request.userId().toString(), "price_kind",
                request.kind().value());
        var session = new LinkedHashMap<String, Object>();
        session.put("id", sessionId);
        session.put("object", "checkout.session");
        session.put("mode", "subscription");
        session.put("status", "complete");
        session.put("subscription", subscriptionId);
        session.put("customer", customerId);
        session.put("client_reference_id", request.userId().toString());
        session.put("metadata", metadata);
        deliver("checkout.session.completed", session);

        var now = clock.instant();
        deliver("invoice.paid", invoice(subscriptionId, customerId, metadata, request.price(), "subscription_create",
                now.getEpochSecond(), now.atZone(ZoneOffset.UTC).plusMonths(1).toEpochSecond()));
        log.info("billing.dev.subscription_started userId={} subscription={} (dev mode: no payment taken)",
                request.userId(), subscriptionId);
        return new Checkout(sessionId, "/api/v1/subscription?subscribed=dev");
    }

    @Override
    public void cancelAtPeriodEnd(String subscriptionId) {
        var subscription = new LinkedHashMap<String, Object>();
        subscription.put("id", subscriptionId);
        subscription.put("object", "subscription");
        subscription.put("status", "active");
        subscription.put("cancel_at_period_end", true);
        deliver("customer.subscription.updated", subscription);
    }

    @Override
    public String portalUrl(String customerId) {
        return "/api/v1/subscription?portal=dev";
    }

    /**
     * Nothing to cancel locally (and posting its deletion now would wait on the webhook
     * transaction that asks); only logged.
     */
    @Override
    public void cancelNow(String subscriptionId, String reason) {
        log.info("billing.dev.subscription_canceled subscription={} reason={} (dev mode: nothing at Stripe)",
                subscriptionId, reason);
    }

    @Override
    public String refundInvoice(String invoiceId, String paymentIntent, long amountCents, String reason) {
        log.info("billing.dev.refund invoice={} cents={} (dev mode: no money moves)", invoiceId, amountCents);
        return "re_dev_" + compact(UUID.randomUUID());
    }

    /**
     * Plays what Stripe does at the end of a paid period up to {@code now}: a
     * subscription set to cancel is deleted; any other is renewed with a paid invoice for
     * the next period (repeated for every period that has ended).
     */
    void crossPeriodEnd(SubscriptionRepository.Sub sub, Instant now) {
        Map<String, String> metadata = Map.of("user_id", sub.userId().toString(), "price_kind", sub.kind().value());
        if (sub.cancelAtPeriodEnd()) {
            deliver("customer.subscription.deleted", new LinkedHashMap<>(Map.of("id", sub.stripeId(), "object",
                    "subscription", "status", "canceled", "cancel_at_period_end", true, "metadata", metadata)));
            log.info("billing.dev.subscription_ended userId={} subscription={} (dev mode)", sub.userId(),
                    sub.stripeId());
            return;
        }
        var price = sub.kind() == PriceKind.ORG ? properties.prices().org() : properties.prices().individual();
        for (var start = sub.periodEnd(); !start
            .isAfter(now); start = start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant()) {
            deliver("invoice.paid", invoice(sub.stripeId(), sub.customerId(), metadata, price, "subscription_cycle",
                    start.getEpochSecond(), start.atZone(ZoneOffset.UTC).plusMonths(1).toEpochSecond()));
            log.info("billing.dev.subscription_renewed userId={} subscription={} periodStart={} (dev mode: no payment)",
                    sub.userId(), sub.stripeId(), start);
        }
    }

    private static Map<String, Object> invoice(String subscriptionId, String customerId, Map<String, String> metadata,
            BillingProperties.Price price, String reason, long start, long end) {
        var invoice = new LinkedHashMap<String, Object>();
        invoice.put("id", "in_dev_" + compact(UUID.randomUUID()));
        invoice.put("object", "invoice");
        invoice.put("billing_reason", reason);
        invoice.put("customer", customerId);
        invoice.put("status", "paid");
        invoice.put("amount_paid", price.amountCents());
        invoice.put("parent", Map.of("type", "subscription_details", "subscription_details",
                Map.of("subscription", subscriptionId, "metadata", metadata)));
        invoice.put("lines", Map.of("object", "list", "data",
                List.of(Map.of("object", "line_item", "period", Map.of("start", start, "end", end)))));
        return invoice;
    }

    private void deliver(String type, Map<String, Object> object) {
        var event = new LinkedHashMap<String, Object>();
        event.put("id", "evt_dev_" + compact(UUID.randomUUID()));
        event.put("object", "event");
        event.put("api_version", "2025-08-27.basil");
        event.put("created", clock.instant().getEpochSecond());
        event.put("livemode", false);
        event.put("type", type);
        event.put("data", Map.of("object", object));
        String payload = json.writeValueAsString(event);
        String signature = WebhookSigner.header(payload, properties.webhookSecret(), clock.instant().getEpochSecond());
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WEBHOOK_PATH))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header(WebhookSigner.HEADER, signature)
            .POST(HttpRequest.BodyPublishers.ofString(payload))
            .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "Dev webhook delivery failed: " + response.statusCode() + " " + response.body());
            }
        }
        catch (IOException e) {
            throw new IllegalStateException("Dev webhook delivery failed", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Dev webhook delivery interrupted", e);
        }
    }

    private static String compact(UUID id) {
        return id.toString().replace("-", "");
    }

}
