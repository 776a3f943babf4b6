package dev.prpm.playground.billing;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.List;
import java.util.Map;

/** Errors of the billing feature, one type per meaning. */
final class BillingExceptions {

    private BillingExceptions() {
    }

    static final class UnknownPack extends ApiException {

        private final String packId;

        UnknownPack(String packId) {
            super(ErrorCode.VALIDATION_FAILED, "Unknown credit pack: " + packId);
            this.packId = packId;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("errors", List.of(Map.of("field", "packId", "message", "unknown pack '" + packId + "'")));
        }

    }

    static final class InvalidSignature extends ApiException {

        InvalidSignature(String detail) {
            super(ErrorCode.INVALID_SIGNATURE, detail);
        }

    }

    static final class MalformedEvent extends ApiException {

        MalformedEvent() {
            super(ErrorCode.MALFORMED_REQUEST, "The webhook body is not a Stripe event");
        }

    }

    static final class NoSubscription extends ApiException {

        NoSubscription() {
            super(ErrorCode.SUBSCRIPTION_NOT_FOUND, "You have no active PRPM+ subscription");
        }

    }

    /**
     * A subscribe while a subscription is active or a checkout for one is pending: where
     * to manage it, and the pending checkout to finish.
     */
    static final class SubscriptionExists extends ApiException {

        static final String PORTAL = "/api/v1/subscription/portal";

        private final String status;

        private final String checkoutUrl;

        SubscriptionExists(String status, String checkoutUrl) {
            super(ErrorCode.SUBSCRIPTION_EXISTS, "pending".equals(status)
                    ? "A PRPM+ checkout is already pending; finish it or wait until it expires"
                    : "You already have a PRPM+ subscription (" + status + "); manage it in the billing portal");
            this.status = status;
            this.checkoutUrl = checkoutUrl;
        }

        @Override
        public Map<String, Object> properties() {
            return checkoutUrl == null ? Map.of("subscriptionStatus", status, "portalUrl", PORTAL)
                    : Map.of("subscriptionStatus", status, "portalUrl", PORTAL, "checkoutUrl", checkoutUrl);
        }

    }

    static final class PurchaseNotFound extends ApiException {

        PurchaseNotFound() {
            super(ErrorCode.PURCHASE_NOT_FOUND, "No such purchase");
        }

    }

    static final class PaymentProviderFailed extends ApiException {

        PaymentProviderFailed(Throwable cause) {
            super(ErrorCode.PAYMENT_PROVIDER_ERROR, "The payment provider could not be reached; try again", cause);
        }

    }

    static final class BillingDisabled extends ApiException {

        BillingDisabled() {
            super(ErrorCode.BILLING_DISABLED, "Billing is disabled on this server");
        }

    }

}
