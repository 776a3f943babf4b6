package dev.prpm.playground.billing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the billing API. */
public final class BillingViews {

    private BillingViews() {
    }

    public record Pack(String id, String name, long credits, long amountCents, String currency) {
        static Pack of(BillingProperties.Pack pack) {
            return new Pack(pack.id(), pack.name(), pack.credits(), pack.amountCents(), pack.currency());
        }
    }

    public record Packs(List<Pack> packs) {
    }

    public record Plan(PriceKind kind, String name, long amountCents, String currency, String interval,
            long monthlyCredits) {
    }

    /**
     * Both plans; {@code yourPlan} and {@code orgMember} only when the caller sent a
     * valid token.
     */
    public record Pricing(List<Plan> plans, PriceKind yourPlan, Boolean orgMember) {
    }

    public record PurchaseRequest(@NotBlank @Size(max = 40) String packId) {
    }

    /**
     * Where to send the user to pay; {@code mode} is "dev" when checkout completed
     * locally without Stripe.
     */
    public record PurchaseResponse(String checkoutUrl, UUID purchaseId, String mode) {
    }

    public record SubscribeResponse(String checkoutUrl, PriceKind priceKind, String mode) {
    }

    public record Subscription(String status, PriceKind priceKind, Instant currentPeriodEnd,
            Boolean cancelAtPeriodEnd) {
        static Subscription none() {
            return new Subscription("none", null, null, null);
        }
    }

    public record PortalResponse(String url, String mode) {
    }

    public record WebhookAck(boolean received, String status) {
    }

}
