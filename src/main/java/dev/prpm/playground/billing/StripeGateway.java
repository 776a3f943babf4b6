package dev.prpm.playground.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.InvoicePaymentListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SubscriptionCancelParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real thing: Stripe Checkout, subscription updates and the billing portal through
 * stripe-java.
 */
class StripeGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(StripeGateway.class);

    private final StripeClient stripe;

    private final BillingProperties properties;

    StripeGateway(StripeClient stripe, BillingProperties properties) {
        this.stripe = stripe;
        this.properties = properties;
    }

    @Override
    public String mode() {
        return "stripe";
    }

    @Override
    public Checkout packCheckout(PackCheckout request, String idempotencyKey) {
        var pack = request.pack();
        var params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setClientReferenceId(request.userId().toString())
            .setCustomerEmail(request.email())
            .setSuccessUrl(properties.successUrl())
            .setCancelUrl(properties.cancelUrl())
            .putMetadata("user_id", request.userId().toString())
            .putMetadata("purchase_id", request.purchaseId().toString())
            .putMetadata("pack_id", pack.id())
            .putMetadata("credits", Long.toString(pack.credits()))
            .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                .putMetadata("user_id", request.userId().toString())
                .putMetadata("purchase_id", request.purchaseId().toString())
                .build())
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setQuantity(1L)
                .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                    .setCurrency(pack.currency())
                    .setUnitAmount(pack.amountCents())
                    .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                        .setName(pack.name() + " (" + pack.credits() + " credits)")
                        .build())
                    .build())
                .build())
            .build();
        try {
            var session = stripe.checkout().sessions().create(params, options(idempotencyKey));
            return new Checkout(session.getId(), session.getUrl());
        }
        catch (StripeException e) {
            log.warn("billing.stripe.error call=checkout.pack status={} code={}", e.getStatusCode(), e.getCode());
            throw new BillingExceptions.PaymentProviderFailed(e);
        }
    }

    @Override
    public Checkout subscriptionCheckout(SubscriptionCheckout request, String idempotencyKey) {
        var builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setClientReferenceId(request.userId().toString())
            .setSuccessUrl(properties.successUrl())
            .setCancelUrl(properties.cancelUrl())
            .putMetadata("user_id", request.userId().toString())
            .putMetadata("price_kind", request.kind().value())
            .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                .putMetadata("user_id", request.userId().toString())
                .putMetadata("price_kind", request.kind().value())
                .build())
            .addLineItem(
                    SessionCreateParams.LineItem.builder().setPrice(request.price().priceId()).setQuantity(1L).build());
        if (request.customerId() != null) {
            builder.setCustomer(request.customerId());
        }
        else {
            builder.setCustomerEmail(request.email());
        }
        try {
            var session = stripe.checkout().sessions().create(builder.build(), options(idempotencyKey));
            return new Checkout(session.getId(), session.getUrl());
        }
        catch (StripeException e) {
            log.warn("billing.stripe.error call=checkout.subscription status={} code={}", e.getStatusCode(),
                    e.getCode());
            throw new BillingExceptions.PaymentProviderFailed(e);
        }
    }

    @Override
    public void cancelAtPeriodEnd(String subscriptionId) {
        try {
            stripe.subscriptions()
                .update(subscriptionId, SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
        }
        catch (StripeException e) {
            log.warn("billing.stripe.error call=subscription.cancel status={} code={}", e.getStatusCode(), e.getCode());
            throw new BillingExceptions.PaymentProviderFailed(e);
        }
    }

    @Override
    public String portalUrl(String customerId) {
        try {
            return stripe.billingPortal()
                .sessions()
                .create(com.stripe.param.billingportal.SessionCreateParams.builder()
                    .setCustomer(customerId)
                    .setReturnUrl(properties.successUrl())
                    .build())
                .getUrl();
        }
        catch (StripeException e) {
            log.warn("billing.stripe.error call=portal status={} code={}", e.getStatusCode(), e.getCode());
            throw new BillingExceptions.PaymentProviderFailed(e);
        }
    }

    @Override
    public void cancelNow(String subscriptionId, String reason) {
        var params = SubscriptionCancelParams.builder()
            .setProrate(false)
            .setInvoiceNow(false)
            .setCancellationDetails(SubscriptionCancelParams.CancellationDetails.builder()
                .setComment(reason.length() > 500 ? reason.substring(0, 500) : reason)
                .build())
            .build();
        try {
            stripe.subscriptions().cancel(subscriptionId, params, options("prpm-duplicate-cancel-" + subscriptionId));
        }
        catch (StripeException e) {
            log.warn("billing.stripe.error call=subscription.cancel_now status={} code={}", e.getStatusCode(),
                    e.getCode());
            throw new BillingExceptions.PaymentProviderFailed(e);
        }
    }

    @Override
    public String refundInvoice(String invoiceId, String paymentIntent, long amountCents, String reason) {
        try {
            String intent = paymentIntent != null ? paymentIntent : paymentIntentOf(invoiceId);
            var refund = stripe.refunds()
                .create(RefundCreateParams.builder()
                    .setPaymentIntent(intent)
                    .setAmount(amountCents)
                    .putMetadata("invoice", invoiceId)
                    .putMetadata("reason", reason)
                    .build(), options("prpm-duplicate-refund-" + invoiceId));
            return refund.getId();
        }
        catch (StripeException e) {
            log.warn("billing.stripe.error call=refund status={} code={}", e.getStatusCode(), e.getCode());
            throw new BillingExceptions.PaymentProviderFailed(e);
        }
    }

    /**
     * The payment intent that paid an invoice (API 2025: through the invoice's payments).
     */
    private String paymentIntentOf(String invoiceId) throws StripeException {
        return stripe.invoicePayments()
            .list(InvoicePaymentListParams.builder().setInvoice(invoiceId).setLimit(10L).build())
            .getData()
            .stream()
            .filter(p -> "paid".equals(p.getStatus()) && p.getPayment() != null
                    && p.getPayment().getPaymentIntent() != null)
            .map(p -> p.getPayment().getPaymentIntent())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No paid payment intent for invoice " + invoiceId));
    }

    private static RequestOptions options(String idempotencyKey) {
        var builder = RequestOptions.builder();
        if (idempotencyKey != null) {
            builder.setIdempotencyKey(idempotencyKey);
        }
        return builder.build();
    }

}
