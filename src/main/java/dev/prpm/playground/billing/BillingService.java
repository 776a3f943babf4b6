package dev.prpm.playground.billing;

import dev.prpm.playground.common.CurrentUser;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Pack purchases and PRPM+ subscriptions as the user starts them (webhooks finish them).
 */
@Service
public class BillingService {

    private static final Logger audit = LoggerFactory.getLogger("audit.billing");

    private final BillingProperties properties;

    private final PaymentGateway gateway;

    private final PurchaseRepository purchases;

    private final SubscriptionRepository subscriptions;

    private final Customers users;

    BillingService(BillingProperties properties, PaymentGateway gateway, PurchaseRepository purchases,
            SubscriptionRepository subscriptions, Customers users) {
        this.properties = properties;
        this.gateway = gateway;
        this.purchases = purchases;
        this.subscriptions = subscriptions;
        this.users = users;
    }

    public BillingViews.Packs packs() {
        return new BillingViews.Packs(properties.packs().stream().map(BillingViews.Pack::of).toList());
    }

    /** Both plans; with a caller, which one they would pay. */
    public BillingViews.Pricing pricing(Optional<UUID> caller) {
        var prices = properties.prices();
        var plans = List.of(
                new BillingViews.Plan(PriceKind.INDIVIDUAL, "PRPM+", prices.individual().amountCents(),
                        prices.currency(), "month", prices.monthlyCredits()),
                new BillingViews.Plan(PriceKind.ORG, "PRPM+ for verified organisation members",
                        prices.org().amountCents(), prices.currency(), "month", prices.monthlyCredits()));
        if (caller.isEmpty()) {
            return new BillingViews.Pricing(plans, null, null);
        }
        boolean member = users.isVerifiedOrgMember(caller.get());
        return new BillingViews.Pricing(plans, member ? PriceKind.ORG : PriceKind.INDIVIDUAL, member);
    }

    public BillingViews.PurchaseResponse purchase(CurrentUser user, String packId, String idempotencyKey) {
        requireEnabled();
        var pack = properties.pack(packId).orElseThrow(() -> new BillingExceptions.UnknownPack(packId));
        UUID purchaseId = UUID.randomUUID();
        purchases.insertPending(purchaseId, user.id(), pack);
        PaymentGateway.Checkout checkout;
        try {
            checkout = gateway.packCheckout(new PaymentGateway.PackCheckout(purchaseId, user.id(), user.email(), pack),
                    idempotencyKey);
        }
        catch (RuntimeException e) {
            purchases.deletePending(purchaseId);
            throw e;
        }
        purchases.attachSession(purchaseId, checkout.sessionId());
        audit.info(
                "billing.purchase.started userId={} purchaseId={} pack={} credits={} amountCents={} session={} mode={}",
                user.id(), purchaseId, pack.id(), pack.credits(), pack.amountCents(), checkout.sessionId(),
                gateway.mode());
        return new BillingViews.PurchaseResponse(checkout.url(), purchaseId, devLabel());
    }

    public BillingViews.SubscribeResponse subscribe(CurrentUser user, String idempotencyKey) {
        requireEnabled();
        var existing = subscriptions.findByUser(user.id());
        if (existing.isPresent() && existing.get().live()) {
            throw new BillingExceptions.AlreadySubscribed();
        }
        PriceKind kind = users.isVerifiedOrgMember(user.id()) ? PriceKind.ORG : PriceKind.INDIVIDUAL;
        var price = kind == PriceKind.ORG ? properties.prices().org() : properties.prices().individual();
        String customer = existing.map(SubscriptionRepository.Sub::customerId).orElse(null);
        var checkout = gateway.subscriptionCheckout(
                new PaymentGateway.SubscriptionCheckout(user.id(), user.email(), kind, price, customer),
                idempotencyKey);
        audit.info("billing.subscription.checkout userId={} priceKind={} price={} session={} mode={}", user.id(),
                kind.value(), price.priceId(), checkout.sessionId(), gateway.mode());
        return new BillingViews.SubscribeResponse(checkout.url(), kind, devLabel());
    }

    public BillingViews.Subscription subscription(UUID userId) {
        return subscriptions.findByUser(userId)
            .map(s -> new BillingViews.Subscription(s.status(), s.kind(), s.periodEnd(), s.cancelAtPeriodEnd()))
            .orElseGet(BillingViews.Subscription::none);
    }

    public BillingViews.Subscription cancel(UUID userId) {
        requireEnabled();
        var sub = subscriptions.findByUser(userId)
            .filter(SubscriptionRepository.Sub::live)
            .filter(s -> s.stripeId() != null)
            .orElseThrow(BillingExceptions.NoSubscription::new);
        if (!sub.cancelAtPeriodEnd()) {
            gateway.cancelAtPeriodEnd(sub.stripeId());
            subscriptions.markCancelAtPeriodEnd(sub.id());
            audit.info("billing.subscription.cancel_requested userId={} subscription={} periodEnd={}", userId,
                    sub.stripeId(), sub.periodEnd());
        }
        return subscription(userId);
    }

    public BillingViews.PortalResponse portal(UUID userId) {
        requireEnabled();
        String customer = subscriptions.findByUser(userId)
            .map(SubscriptionRepository.Sub::customerId)
            .orElseThrow(BillingExceptions.NoSubscription::new);
        return new BillingViews.PortalResponse(gateway.portalUrl(customer), devLabel());
    }

    private String devLabel() {
        return "dev".equals(gateway.mode()) ? "dev" : null;
    }

    private void requireEnabled() {
        if (!properties.enabled()) {
            throw new BillingExceptions.BillingDisabled();
        }
    }

}
