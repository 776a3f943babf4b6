package dev.prpm.playground.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A second PRPM+ subscription of a user who already has a live one (e.g. two checkouts
 * opened before either was paid) would bill twice and credit once. It is cancelled at
 * Stripe at once, without proration credit, and its paid invoice is refunded for the
 * unused part of the period (all of it when caught at once); both are recorded with the
 * reason. Its events never touch the user's subscription or credits. Stripe calls carry
 * idempotency keys, so a redelivered event repeats them harmlessly.
 */
@Component
class DuplicateSubscriptions {

    private static final Logger audit = LoggerFactory.getLogger("audit.billing");

    private final SubscriptionDuplicateRepository records;

    private final PaymentGateway gateway;

    private final Clock clock;

    DuplicateSubscriptions(SubscriptionDuplicateRepository records, PaymentGateway gateway, Clock clock) {
        this.records = records;
        this.gateway = gateway;
        this.clock = clock;
    }

    boolean isKnown(String subscriptionId) {
        return records.find(subscriptionId).isPresent();
    }

    /**
     * Cancels the duplicate the first time it is seen, refunds its paid invoice once;
     * {@code kept} is the user's live subscription (null if unknown).
     */
    StripeEvent.Outcome handle(StripeEvent event, String subscriptionId, SubscriptionRepository.Sub kept) {
        var known = records.lock(subscriptionId);
        if (known.isEmpty()) {
            if ("customer.subscription.deleted".equals(event.type()) || kept == null) {
                return StripeEvent.Outcome.processed("second subscription " + subscriptionId + " not tracked");
            }
            String reason = "duplicate of PRPM+ subscription " + kept.stripeId() + " (" + kept.status() + ") of user "
                    + kept.userId();
            gateway.cancelNow(subscriptionId, reason);
            records.insert(subscriptionId, kept, reason, event.id(), clock.instant());
            audit.warn("billing.subscription.duplicate_canceled userId={} subscription={} kept={} event={}",
                    kept.userId(), subscriptionId, kept.stripeId(), event.id());
        }
        String refund = "";
        if ("invoice.paid".equals(event.type()) && (known.isEmpty() || known.get().refundId() == null)) {
            refund = refund(event, subscriptionId);
        }
        return StripeEvent.Outcome
            .processed("duplicate subscription " + subscriptionId + " canceled at Stripe" + refund);
    }

    private String refund(StripeEvent event, String subscriptionId) {
        long paid = event.number("amount_paid");
        if (paid <= 0) {
            return "";
        }
        String invoiceId = event.text("id");
        long cents = prorated(paid, event.invoicePeriod(), clock.instant());
        if (cents <= 0) {
            return "; period used up, nothing refunded";
        }
        String paymentIntent = StripeEvent.firstText(event.object(), "payment_intent",
                "payments.data.0.payment.payment_intent");
        String refundId = gateway.refundInvoice(invoiceId, paymentIntent, cents,
                "Duplicate PRPM+ subscription " + subscriptionId);
        records.recordRefund(subscriptionId, invoiceId, refundId, cents);
        audit.warn("billing.subscription.duplicate_refunded subscription={} invoice={} refund={} cents={} of {}",
                subscriptionId, invoiceId, refundId, cents, paid);
        return "; refunded " + cents + " of " + paid + " cents (" + refundId + ")";
    }

    /**
     * The unused share of the period, rounded down; all of it before the period starts.
     */
    static long prorated(long paid, StripeEvent.Period period, Instant now) {
        if (period.end() == null || !period.end().isAfter(period.start()) || !now.isAfter(period.start())) {
            return paid;
        }
        long total = Duration.between(period.start(), period.end()).toSeconds();
        long unused = Math.max(0, Duration.between(now, period.end()).toSeconds());
        return Math.multiplyExact(paid, Math.min(unused, total)) / total;
    }

}
