package dev.prpm.playground.billing;

import com.fasterxml.jackson.annotation.JsonAlias;
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

    /** {@code pack_id} and {@code package} are the original PRPM service's names. */
    public record PurchaseRequest(@NotBlank @Size(max = 40) @JsonAlias( {
            "pack_id", "package" }) String packId){
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

    /**
     * A credit pack purchase as its buyer sees it: status {@code pending},
     * {@code completed}, {@code expired}, {@code failed}, {@code refunded} or
     * {@code disputed}; credits taken back by refunds or disputes, the shortfall (already
     * spent, so not taken back) and credits restored after a won dispute.
     */
    public record PurchaseView(UUID id, String packId, long credits, long amountCents, String currency, String status,
            long creditsClawedBack, long clawbackShortfall, long creditsRestored, Instant createdAt,
            Instant updatedAt) {
        static PurchaseView of(PurchaseRepository.Purchase p) {
            return new PurchaseView(p.id(), p.packId(), p.credits(), p.amountCents(), p.currency(), p.status(),
                    p.clawedBack(), p.shortfall(), p.restored(), p.createdAt(), p.updatedAt());
        }
    }

    public record PortalResponse(String url, String mode) {
    }

    public record WebhookAck(boolean received, String status) {
    }

}
