package dev.prpm.playground.billing;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the billing API. */
final class BillingViews {

    private BillingViews() {
    }

    record Pack(String id, String name, long credits, long amountCents, String currency) {
        static Pack of(BillingProperties.Pack pack) {
            return new Pack(pack.id(), pack.name(), pack.credits(), pack.amountCents(), pack.currency());
        }
    }

    record Packs(List<Pack> packs) {
    }

    record Plan(PriceKind kind, String name, long amountCents, String currency, String interval, long monthlyCredits) {
    }

    /**
     * Both plans; {@code yourPlan} and {@code orgMember} only when the caller sent a
     * valid token.
     */
    record Pricing(List<Plan> plans, PriceKind yourPlan, Boolean orgMember) {
    }

    /** {@code pack_id} and {@code package} are the original PRPM service's names. */
    record PurchaseRequest(@NotBlank @Size(max = 40) @JsonAlias( {
            "pack_id", "package" }) String packId){
    }

    /**
     * Where to send the user to pay; {@code mode} is "dev" when checkout completed
     * locally without Stripe.
     */
    record PurchaseResponse(String checkoutUrl, UUID purchaseId, String mode) {
    }

    record SubscribeResponse(String checkoutUrl, PriceKind priceKind, String mode) {
    }

    record Subscription(String status, PriceKind priceKind, Instant currentPeriodEnd, Boolean cancelAtPeriodEnd) {
        static Subscription none() {
            return new Subscription("none", null, null, null);
        }
    }

    record PortalResponse(String url, String mode) {
    }

    record WebhookAck(boolean received, String status) {
    }

}
