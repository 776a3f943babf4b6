package dev.prpm.playground.billing;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Verifies a Stripe webhook (signature, 300 s tolerance either way) and applies it
 * exactly once: the event row and every ledger or subscription change it causes commit in
 * one transaction; a duplicate id finds the row already there and does nothing.
 */
@Service
class WebhookProcessor {

    static final long TOLERANCE_SECONDS = 300;

    private static final Logger audit = LoggerFactory.getLogger("audit.billing");

    private final BillingProperties properties;

    private final StripeEventRepository events;

    private final PaymentEvents payments;

    private final SubscriptionEvents subscriptions;

    private final TransactionTemplate transactions;

    private final ObjectMapper json;

    private final Clock clock;

    private final WebhookMetrics metrics;

    WebhookProcessor(BillingProperties properties, StripeEventRepository events, PaymentEvents payments,
            SubscriptionEvents subscriptions, TransactionTemplate transactions, ObjectMapper json, Clock clock,
            WebhookMetrics metrics) {
        this.metrics = metrics;
        this.properties = properties;
        this.events = events;
        this.payments = payments;
        this.subscriptions = subscriptions;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Returns the stored status of the event
     * ({@code processed|ignored|unmatched|duplicate}).
     */
    String receive(String payload, String signatureHeader) {
        if (!properties.enabled()) {
            throw new BillingExceptions.BillingDisabled();
        }
        StripeEvent event;
        try {
            event = verify(payload, signatureHeader);
        }
        catch (RuntimeException e) {
            metrics.received("unverified", "rejected");
            throw e;
        }
        String status;
        try {
            status = transactions.execute(tx -> {
                if (!events.insert(event.id(), event.type(), event.created(), payload)) {
                    return "duplicate";
                }
                StripeEvent.Outcome outcome = dispatch(event);
                events.finish(event.id(), outcome.status(), outcome.note());
                return outcome.status();
            });
        }
        catch (RuntimeException e) {
            metrics.received(event.type(), "failed");
            throw e;
        }
        metrics.received(event.type(), status);
        audit.info("billing.webhook event={} type={} status={}", event.id(), event.type(), status);
        return status;
    }

    private StripeEvent verify(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            audit.warn("billing.webhook.rejected reason=missing_signature");
            throw new BillingExceptions.InvalidSignature("The Stripe-Signature header is missing");
        }
        rejectFutureTimestamp(signatureHeader);
        Event event;
        try {
            event = Webhook.constructEvent(payload, signatureHeader, properties.webhookSecret(), TOLERANCE_SECONDS,
                    clock);
        }
        catch (SignatureVerificationException e) {
            audit.warn("billing.webhook.rejected reason=invalid_signature detail={}", e.getMessage());
            throw new BillingExceptions.InvalidSignature(
                    "The Stripe-Signature header is invalid or older than " + TOLERANCE_SECONDS + " seconds");
        }
        catch (RuntimeException e) {
            throw new BillingExceptions.MalformedEvent();
        }
        JsonNode root;
        try {
            root = json.readTree(payload);
        }
        catch (JacksonException e) {
            throw new BillingExceptions.MalformedEvent();
        }
        if (event.getId() == null || event.getType() == null || event.getCreated() == null) {
            throw new BillingExceptions.MalformedEvent();
        }
        return new StripeEvent(event.getId(), event.getType(), Instant.ofEpochSecond(event.getCreated()),
                root.path("data").path("object"));
    }

    /**
     * Stripe's check only bounds the past: a signed timestamp more than the tolerance in
     * the future is refused too (a forged clock or a replay prepared in advance).
     */
    private void rejectFutureTimestamp(String signatureHeader) {
        for (String part : signatureHeader.split(",")) {
            String item = part.trim();
            if (item.startsWith("t=")) {
                long signedAt;
                try {
                    signedAt = Long.parseLong(item.substring(2));
                }
                catch (NumberFormatException e) {
                    return; // Stripe's verification rejects it
                }
                if (signedAt > clock.instant().getEpochSecond() + TOLERANCE_SECONDS) {
                    audit.warn("billing.webhook.rejected reason=timestamp_in_future t={}", signedAt);
                    throw new BillingExceptions.InvalidSignature("The Stripe-Signature timestamp is more than "
                            + TOLERANCE_SECONDS + " seconds in the future");
                }
            }
        }
    }

    private StripeEvent.Outcome dispatch(StripeEvent event) {
        return switch (event.type()) {
            case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
                "subscription".equals(event.text("mode")) ? subscriptions.checkoutCompleted(event)
                        : payments.checkoutCompleted(event);
            case "checkout.session.expired" -> "subscription".equals(event.text("mode"))
                    ? subscriptions.checkoutExpired(event) : payments.checkoutExpired(event);
            case "checkout.session.async_payment_failed" -> "subscription".equals(event.text("mode"))
                    ? StripeEvent.Outcome
                        .ignored("subscription checkout payment failed; the subscription stays incomplete")
                    : payments.asyncPaymentFailed(event);
            case "invoice.paid" -> subscriptions.invoicePaid(event);
            case "customer.subscription.created", "customer.subscription.updated" ->
                subscriptions.changed(event, false);
            case "customer.subscription.deleted" -> subscriptions.changed(event, true);
            case "charge.refunded" -> payments.reversed(event, false);
            case "charge.dispute.created" -> payments.reversed(event, true);
            case "charge.dispute.closed" -> payments.disputeClosed(event);
            default -> StripeEvent.Outcome.ignored("event type not handled");
        };
    }

}
