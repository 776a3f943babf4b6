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

    static final class AlreadySubscribed extends ApiException {

        AlreadySubscribed() {
            super(ErrorCode.ALREADY_SUBSCRIBED, "You already have an active PRPM+ subscription");
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
