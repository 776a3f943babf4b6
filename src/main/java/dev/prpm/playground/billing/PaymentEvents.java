package dev.prpm.playground.billing;

import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * One-off pack payments: a completed Checkout grants the pack's credits if it paid the
 * purchase's amount in its currency (otherwise nothing, logged for reconciliation); a
 * refund or a dispute takes them back (once per purchase, never below zero, the shortfall
 * recorded); a won dispute gives them back once. Runs inside the webhook transaction that
 * records the event.
 */
@Component
class PaymentEvents {

    private static final Logger audit = LoggerFactory.getLogger("audit.billing");

    private final PurchaseRepository purchases;

    private final CreditReversals reversals;

    private final ApplicationEventPublisher events;

    PaymentEvents(PurchaseRepository purchases, CreditReversals reversals, ApplicationEventPublisher events) {
        this.purchases = purchases;
        this.reversals = reversals;
        this.events = events;
    }

    StripeEvent.Outcome checkoutCompleted(StripeEvent event) {
        String sessionId = event.text("id");
        String paymentStatus = event.text("payment_status");
        if (paymentStatus != null && !"paid".equals(paymentStatus) && !"no_payment_required".equals(paymentStatus)) {
            return StripeEvent.Outcome.ignored("payment not settled yet: " + paymentStatus);
        }
        UUID purchaseId = StripeEvent.uuid(event.text("metadata", "purchase_id"));
        Optional<PurchaseRepository.Purchase> found = purchaseId != null ? purchases.lockById(purchaseId)
                : Optional.empty();
        if (found.isEmpty() && sessionId != null) {
            found = purchases.lockBySession(sessionId);
        }
        if (found.isEmpty()) {
            audit.warn("billing.purchase.unmatched session={} event={}", sessionId, event.id());
            return StripeEvent.Outcome.unmatched("no purchase for checkout session " + sessionId);
        }
        var purchase = found.get();
        if (!purchase.pending()) {
            return StripeEvent.Outcome.processed("purchase " + purchase.id() + " already " + purchase.status());
        }
        long paid = event.number("amount_total");
        String currency = event.text("currency");
        if (paid != purchase.amountCents() || currency == null || !currency.equalsIgnoreCase(purchase.currency())) {
            audit.warn("billing.purchase.amount_mismatch userId={} purchaseId={} expected={} {} paid={} {} event={}",
                    purchase.userId(), purchase.id(), purchase.amountCents(), purchase.currency(), paid, currency,
                    event.id());
            return StripeEvent.Outcome.ignored("paid " + paid + " " + currency + " but purchase " + purchase.id()
                    + " costs " + purchase.amountCents() + " " + purchase.currency() + "; nothing granted");
        }
        String paymentIntent = event.text("payment_intent");
        purchases.complete(purchase.id(), sessionId, paymentIntent);
        events.publishEvent(
                new PackPurchased(purchase.id(), purchase.userId(), purchase.packId(), purchase.credits(), sessionId));
        audit.info(
                "billing.purchase.completed userId={} purchaseId={} pack={} credits={} amountCents={} "
                        + "session={} paymentIntent={}",
                purchase.userId(), purchase.id(), purchase.packId(), purchase.credits(), purchase.amountCents(),
                sessionId, paymentIntent);
        return StripeEvent.Outcome
            .processed("granted " + purchase.credits() + " credits for purchase " + purchase.id());
    }

    /**
     * {@code checkout.session.expired}: the buyer abandoned the checkout; the pending
     * purchase expires.
     */
    StripeEvent.Outcome checkoutExpired(StripeEvent event) {
        String sessionId = event.text("id");
        Optional<PurchaseRepository.Purchase> found = sessionId == null ? Optional.empty()
                : purchases.lockBySession(sessionId);
        if (found.isEmpty()) {
            return StripeEvent.Outcome.unmatched("no purchase for checkout session " + sessionId);
        }
        boolean expired = purchases.expire(found.get().id());
        return StripeEvent.Outcome
            .processed("purchase " + found.get().id() + (expired ? " expired" : " left as " + found.get().status()));
    }

    /**
     * {@code checkout.session.async_payment_failed}: the delayed payment (e.g. a bank
     * debit) did not go through; the pending purchase fails and grants nothing.
     */
    StripeEvent.Outcome asyncPaymentFailed(StripeEvent event) {
        UUID purchaseId = StripeEvent.uuid(event.text("metadata", "purchase_id"));
        String sessionId = event.text("id");
        Optional<PurchaseRepository.Purchase> found = purchaseId != null ? purchases.lockById(purchaseId)
                : Optional.empty();
        if (found.isEmpty() && sessionId != null) {
            found = purchases.lockBySession(sessionId);
        }
        if (found.isEmpty()) {
            return StripeEvent.Outcome.unmatched("no purchase for checkout session " + sessionId);
        }
        boolean failed = purchases.fail(found.get().id());
        audit.info("billing.purchase.failed userId={} purchaseId={} changed={}", found.get().userId(), found.get().id(),
                failed);
        return StripeEvent.Outcome
            .processed("purchase " + found.get().id() + (failed ? " failed" : " left as " + found.get().status()));
    }

    /**
     * {@code charge.refunded} (charge object) or {@code charge.dispute.created} (dispute
     * object).
     */
    StripeEvent.Outcome reversed(StripeEvent event, boolean dispute) {
        Optional<PurchaseRepository.Purchase> found = lockByCharge(event);
        if (found.isEmpty()) {
            audit.warn("billing.reversal.unmatched paymentIntent={} event={}", event.text("payment_intent"),
                    event.id());
            return StripeEvent.Outcome.unmatched("no purchase for payment intent " + event.text("payment_intent"));
        }
        var purchase = found.get();
        String status = dispute ? "disputed" : "refunded";
        if (dispute && purchase.disputeWon()) {
            return StripeEvent.Outcome.processed("dispute of purchase " + purchase.id() + " already closed as won");
        }
        if (purchase.pending()) {
            // Refunded before we saw the payment complete: mark it so the late completion
            // grants nothing.
            purchases.recordClawback(purchase.id(), status, 0, 0, dispute);
            return StripeEvent.Outcome.processed("purchase " + purchase.id() + " " + status + " before completion");
        }
        long due = reversibleCredits(event, purchase, dispute) - purchase.reversed();
        if (due <= 0) {
            return StripeEvent.Outcome.processed(
                    "purchase " + purchase.id() + " already " + purchase.status() + "; nothing more to claw back");
        }
        String ref = event.text("id");
        var clawback = reversals.takeBack(purchase.userId(), due,
                (dispute ? "Chargeback" : "Refund") + " of credit pack '" + purchase.packId() + "'", ref);
        purchases.recordClawback(purchase.id(), status, clawback.taken(), clawback.shortfall(), dispute);
        audit.info("billing.purchase.{} userId={} purchaseId={} credits={} due={} taken={} shortfall={} ref={}", status,
                purchase.userId(), purchase.id(), purchase.credits(), due, clawback.taken(), clawback.shortfall(), ref);
        return StripeEvent.Outcome
            .processed("clawed back " + clawback.taken() + " credits, shortfall " + clawback.shortfall());
    }

    /**
     * {@code charge.dispute.closed}: a dispute we won gives back exactly what it clawed
     * back, once; a lost one stays clawed back. A win seen before the dispute itself
     * makes the late {@code charge.dispute.created} take nothing.
     */
    StripeEvent.Outcome disputeClosed(StripeEvent event) {
        String outcome = event.text("status");
        if (!"won".equals(outcome) && !"lost".equals(outcome)) {
            return StripeEvent.Outcome.ignored("dispute closed as " + outcome);
        }
        Optional<PurchaseRepository.Purchase> found = lockByCharge(event);
        if (found.isEmpty()) {
            return StripeEvent.Outcome.unmatched("no purchase for payment intent " + event.text("payment_intent"));
        }
        var purchase = found.get();
        if ("lost".equals(outcome) || !"disputed".equals(purchase.status())) {
            if (purchase.disputeOutcome() == null) {
                purchases.recordDisputeOutcome(purchase.id(), outcome);
            }
            return StripeEvent.Outcome
                .processed("dispute of purchase " + purchase.id() + " " + outcome + "; status " + purchase.status());
        }
        String ref = event.text("id");
        if (purchase.disputeTaken() > 0) {
            reversals.restore(purchase.userId(), purchase.disputeTaken(),
                    "Dispute won: credit pack '" + purchase.packId() + "' restored", ref);
        }
        purchases.recordDisputeWon(purchase.id(), purchase.statusAfterDisputeWon());
        audit.info("billing.purchase.dispute_won userId={} purchaseId={} restored={} ref={}", purchase.userId(),
                purchase.id(), purchase.disputeTaken(), ref);
        return StripeEvent.Outcome.processed("dispute won: restored " + purchase.disputeTaken() + " credits");
    }

    /**
     * The purchase a charge or dispute belongs to (by payment intent, else metadata),
     * locked.
     */
    private Optional<PurchaseRepository.Purchase> lockByCharge(StripeEvent event) {
        String paymentIntent = event.text("payment_intent");
        Optional<PurchaseRepository.Purchase> found = paymentIntent == null ? Optional.empty()
                : purchases.lockByPaymentIntent(paymentIntent);
        if (found.isEmpty()) {
            UUID purchaseId = StripeEvent.uuid(event.text("metadata", "purchase_id"));
            found = purchaseId == null ? Optional.empty() : purchases.lockById(purchaseId);
        }
        return found;
    }

    /**
     * Credits a reversal takes back in total: all of them for a dispute or a full refund;
     * for a partial refund the refunded share of the pack, rounded down (Stripe's
     * {@code amount_refunded} is cumulative, so repeated partial refunds add up and never
     * exceed the pack).
     */
    private static long reversibleCredits(StripeEvent event, PurchaseRepository.Purchase purchase, boolean dispute) {
        long amount = event.number("amount");
        long refunded = event.number("amount_refunded");
        if (dispute || amount <= 0 || refunded < 0 || refunded >= amount) {
            return purchase.credits();
        }
        return Math.multiplyExact(purchase.credits(), refunded) / amount;
    }

}
