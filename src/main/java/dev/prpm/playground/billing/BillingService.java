package dev.prpm.playground.billing;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.PageResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    /** Stripe Checkout Sessions expire after 24 hours unless told otherwise. */
    static final Duration CHECKOUT_TTL = Duration.ofHours(24);

    /** How long a checkout being created holds the slot if its instance dies mid-way. */
    private static final Duration CREATING_TTL = Duration.ofMinutes(2);

    private final BillingProperties properties;

    private final PaymentGateway gateway;

    private final PurchaseRepository purchases;

    private final SubscriptionRepository subscriptions;

    private final Customers users;

    private final SubscriptionCheckoutRepository checkouts;

    private final Clock clock;

    BillingService(BillingProperties properties, PaymentGateway gateway, PurchaseRepository purchases,
            SubscriptionRepository subscriptions, Customers users, SubscriptionCheckoutRepository checkouts,
            Clock clock) {
        this.checkouts = checkouts;
        this.clock = clock;
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

    /**
     * Starts a PRPM+ checkout, one at a time: refused (409 subscription_exists) while a
     * subscription is active, past due or being paid, or another checkout is pending; the
     * pending checkout started with the same key is handed out again.
     */
    public BillingViews.SubscribeResponse subscribe(CurrentUser user, String idempotencyKey) {
        requireEnabled();
        var existing = subscriptions.findByUser(user.id());
        if (existing.isPresent() && existing.get().blocksNewSubscription()) {
            throw new BillingExceptions.SubscriptionExists(existing.get().status(), null);
        }
        PriceKind kind = users.isVerifiedOrgMember(user.id()) ? PriceKind.ORG : PriceKind.INDIVIDUAL;
        Instant now = clock.instant();
        var claim = checkouts.claim(user.id(), idempotencyKey, kind, now, now.plus(CREATING_TTL));
        if (claim.isEmpty()) {
            var pending = checkouts.findPending(user.id());
            if (pending.isPresent() && idempotencyKey != null && idempotencyKey.equals(pending.get().requestKey())
                    && pending.get().checkoutUrl() != null) {
                return new BillingViews.SubscribeResponse(pending.get().checkoutUrl(), pending.get().kind(),
                        devLabel());
            }
            throw new BillingExceptions.SubscriptionExists("pending",
                    pending.map(SubscriptionCheckoutRepository.Pending::checkoutUrl).orElse(null));
        }
        var price = kind == PriceKind.ORG ? properties.prices().org() : properties.prices().individual();
        String customer = existing.map(SubscriptionRepository.Sub::customerId).orElse(null);
        PaymentGateway.Checkout checkout;
        try {
            checkout = gateway.subscriptionCheckout(
                    new PaymentGateway.SubscriptionCheckout(user.id(), user.email(), kind, price, customer),
                    idempotencyKey);
        }
        catch (RuntimeException e) {
            checkouts.delete(claim.get());
            throw e;
        }
        checkouts.open(claim.get(), checkout.sessionId(), checkout.url(), now.plus(CHECKOUT_TTL));
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

    /** The caller's purchases, newest first, with their state and reversals. */
    PageResponse<BillingViews.PurchaseView> purchases(UUID userId, int page, int size) {
        var items = purchases.listOwned(userId, page * size, size).stream().map(BillingViews.PurchaseView::of).toList();
        return PageResponse.of(items, page, size, purchases.countOwned(userId));
    }

    BillingViews.PurchaseView purchase(UUID userId, UUID purchaseId) {
        return purchases.findOwned(userId, purchaseId)
            .map(BillingViews.PurchaseView::of)
            .orElseThrow(BillingExceptions.PurchaseNotFound::new);
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
