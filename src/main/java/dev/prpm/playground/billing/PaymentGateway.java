package dev.prpm.playground.billing;

import java.util.UUID;

/**
 * Where checkouts, cancellations and portal sessions happen: Stripe, or locally in dev
 * mode.
 */
interface PaymentGateway {

    /**
     * "stripe" or "dev" (shown to clients so a local checkout is never mistaken for a
     * payment).
     */
    String mode();

    Checkout packCheckout(PackCheckout request, String idempotencyKey);

    Checkout subscriptionCheckout(SubscriptionCheckout request, String idempotencyKey);

    void cancelAtPeriodEnd(String subscriptionId);

    String portalUrl(String customerId);

    /**
     * Cancels a subscription at once, without a proration credit (the caller refunds what
     * is due), noting why.
     */
    void cancelNow(String subscriptionId, String reason);

    /**
     * Refunds {@code amountCents} of a paid invoice (through its payment intent, looked
     * up when not given); returns the refund id.
     */
    String refundInvoice(String invoiceId, String paymentIntent, long amountCents, String reason);

    record PackCheckout(UUID purchaseId, UUID userId, String email, BillingProperties.Pack pack) {
    }

    record SubscriptionCheckout(UUID userId, String email, PriceKind kind, BillingProperties.Price price,
            String customerId) {
    }

    record Checkout(String sessionId, String url) {
    }

}
