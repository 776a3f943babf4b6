package dev.prpm.playground.billing;

import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * PRPM+ subscription events. Rules that make replays and out-of-order delivery safe: a
 * canceled subscription never comes back (Stripe starts a new subscription id instead); a
 * paid invoice grants only for a period newer than the last one granted; status changes
 * older than the last event applied to the row ({@code last_event_at}), or of the same
 * second but moving the status backwards, are ignored. A second subscription of a user
 * who already has a live one is cancelled at Stripe and refunded
 * ({@link DuplicateSubscriptions}).
 */
@Component
class SubscriptionEvents {

    private static final Logger audit = LoggerFactory.getLogger("audit.billing");

    private final SubscriptionRepository subscriptions;

    private final SubscriptionCheckoutRepository checkouts;

    private final DuplicateSubscriptions duplicates;

    private final Customers customers;

    private final ApplicationEventPublisher events;

    private final BillingProperties properties;

    SubscriptionEvents(SubscriptionRepository subscriptions, SubscriptionCheckoutRepository checkouts,
            DuplicateSubscriptions duplicates, Customers customers, ApplicationEventPublisher events,
            BillingProperties properties) {
        this.subscriptions = subscriptions;
        this.checkouts = checkouts;
        this.duplicates = duplicates;
        this.customers = customers;
        this.events = events;
        this.properties = properties;
    }

    /**
     * Checkout in subscription mode completed: the pending checkout is done; link the
     * Stripe subscription and customer to the user.
     */
    StripeEvent.Outcome checkoutCompleted(StripeEvent event) {
        String subscriptionId = event.text("subscription");
        UUID userId = user(event.text("metadata", "user_id"), event.text("client_reference_id"));
        PriceKind kind = PriceKind.of(event.text("metadata", "price_kind"), PriceKind.INDIVIDUAL);
        checkouts.finish(userId, event.text("id"), "completed");
        var sub = find(subscriptionId, userId, event, kind);
        if (sub.isEmpty()) {
            return notTracked(event, subscriptionId, userId);
        }
        subscriptions.linkCustomer(sub.get().id(), event.text("customer"));
        audit.info("billing.subscription.linked userId={} subscription={} customer={}", sub.get().userId(),
                subscriptionId, event.text("customer"));
        return StripeEvent.Outcome.processed("subscription " + subscriptionId + " linked");
    }

    /**
     * {@code checkout.session.expired} in subscription mode: the checkout slot is free.
     */
    StripeEvent.Outcome checkoutExpired(StripeEvent event) {
        UUID userId = user(event.text("metadata", "user_id"), event.text("client_reference_id"));
        checkouts.finish(userId, event.text("id"), "expired");
        return StripeEvent.Outcome.processed("subscription checkout " + event.text("id") + " expired");
    }

    /** A paid invoice: activate PRPM+ and grant the monthly allowance of a new period. */
    StripeEvent.Outcome invoicePaid(StripeEvent event) {
        JsonNode invoice = event.object();
        String subscriptionId = StripeEvent.firstText(invoice, "subscription",
                "parent.subscription_details.subscription");
        if (subscriptionId == null) {
            return StripeEvent.Outcome.ignored("invoice without subscription");
        }
        String metaUser = StripeEvent.firstText(invoice, "subscription_details.metadata.user_id",
                "parent.subscription_details.metadata.user_id", "metadata.user_id");
        PriceKind kind = PriceKind.of(StripeEvent.firstText(invoice, "subscription_details.metadata.price_kind",
                "parent.subscription_details.metadata.price_kind"), kindOfPrice(invoice));
        UUID userId = user(metaUser, null);
        var found = find(subscriptionId, userId, event, kind);
        if (found.isEmpty()) {
            return notTracked(event, subscriptionId, userId);
        }
        var sub = found.get();
        if (sub.canceled()) {
            return StripeEvent.Outcome.processed("subscription " + subscriptionId + " is canceled; not re-activated");
        }
        StripeEvent.Period period = event.invoicePeriod();
        if (sub.periodStart() != null && !period.start().isAfter(sub.periodStart())) {
            return StripeEvent.Outcome.processed("period " + period.start() + " already granted");
        }
        subscriptions.paidPeriod(sub.id(), period.start(), period.end(), event.created());
        events.publishEvent(new SubscriptionPeriodPaid(sub.userId(), properties.prices().monthlyCredits(),
                period.start(), sub.periodStart() != null, event.text("id"), sub.kind()));
        audit.info(
                "billing.subscription.paid userId={} subscription={} invoice={} periodStart={} periodEnd={} "
                        + "monthlyCredits={} amountPaid={}",
                sub.userId(), subscriptionId, event.text("id"), period.start(), period.end(),
                properties.prices().monthlyCredits(), event.text("amount_paid"));
        return StripeEvent.Outcome.processed("period " + period.start() + " granted");
    }

    /** customer.subscription.created / updated / deleted. */
    StripeEvent.Outcome changed(StripeEvent event, boolean deleted) {
        String subscriptionId = event.text("id");
        UUID userId = user(event.text("metadata", "user_id"), null);
        PriceKind kind = PriceKind.of(event.text("metadata", "price_kind"), PriceKind.INDIVIDUAL);
        var found = find(subscriptionId, userId, event, kind);
        if (found.isEmpty()) {
            return notTracked(event, subscriptionId, userId);
        }
        var sub = found.get();
        String status = deleted ? "canceled" : status(event.text("status"));
        if (sub.isStale(event.created(), status) || (sub.canceled() && !deleted)) {
            return StripeEvent.Outcome.processed("stale event for subscription " + subscriptionId + " (" + status
                    + " after " + sub.status() + "); ignored");
        }
        var periodEnd = Optional.ofNullable(event.instant(event.object(), "current_period_end"))
            .orElse(event.instant(event.object().path("items").path("data").path(0), "current_period_end"));
        subscriptions.update(sub.id(), status, event.flag("cancel_at_period_end"), periodEnd, event.created());
        if ("canceled".equals(status) || "unpaid".equals(status)) {
            events.publishEvent(new SubscriptionEnded(sub.userId()));
        }
        else if ("active".equals(status)) {
            events.publishEvent(new SubscriptionActivated(sub.userId(), sub.kind()));
        }
        audit.info("billing.subscription.{} userId={} subscription={} status={} cancelAtPeriodEnd={}",
                deleted ? "deleted" : "updated", sub.userId(), subscriptionId, status,
                event.flag("cancel_at_period_end"));
        return StripeEvent.Outcome.processed("subscription " + subscriptionId + " " + status);
    }

    /**
     * The row of this Stripe subscription, locked; else (a subscription we have not seen
     * yet) the user's row, created or pointed at it, unless the user has another live
     * subscription. Concurrent first events of one subscription serialise on the user's
     * row, so none of them resets what another already applied.
     */
    private Optional<SubscriptionRepository.Sub> find(String subscriptionId, UUID userId, StripeEvent event,
            PriceKind kind) {
        if (subscriptionId == null) {
            return Optional.empty();
        }
        var byId = subscriptions.lockByStripeId(subscriptionId);
        if (byId.isPresent() || userId == null || duplicates.isKnown(subscriptionId)) {
            return byId;
        }
        subscriptions.insertIfAbsent(userId, subscriptionId, kind, event.created());
        var current = subscriptions.lockByUser(userId).orElseThrow();
        if (subscriptionId.equals(current.stripeId())) {
            return Optional.of(current);
        }
        if (current.live() && current.stripeId() != null) {
            return Optional.empty(); // the user has another live subscription
        }
        return Optional.of(subscriptions.replace(current, subscriptionId, kind, event.created()));
    }

    /**
     * An event of a subscription we do not track: a duplicate of the user's live one
     * (cancelled and refunded), or unmatched.
     */
    private StripeEvent.Outcome notTracked(StripeEvent event, String subscriptionId, UUID userId) {
        var kept = userId == null ? Optional.<SubscriptionRepository.Sub>empty() : subscriptions.lockByUser(userId);
        if (subscriptionId != null
                && (duplicates.isKnown(subscriptionId) || kept.filter(SubscriptionRepository.Sub::live).isPresent())) {
            return duplicates.handle(event, subscriptionId, kept.orElse(null));
        }
        audit.warn("billing.subscription.unmatched subscription={} event={}", subscriptionId, event.id());
        return StripeEvent.Outcome.unmatched("no user for subscription " + subscriptionId);
    }

    private UUID user(String metadataUser, String clientReference) {
        UUID id = StripeEvent.uuid(metadataUser != null ? metadataUser : clientReference);
        return id != null && customers.exists(id) ? id : null;
    }

    private PriceKind kindOfPrice(JsonNode invoice) {
        String price = StripeEvent.firstText(invoice, "lines.data.0.price.id",
                "lines.data.0.pricing.price_details.price");
        return properties.prices().org().priceId().equals(price) ? PriceKind.ORG : PriceKind.INDIVIDUAL;
    }

    private static String status(String stripeStatus) {
        return switch (stripeStatus == null ? "" : stripeStatus) {
            case "active", "trialing" -> "active";
            case "past_due" -> "past_due";
            case "canceled", "incomplete_expired" -> "canceled";
            case "unpaid", "paused" -> "unpaid";
            default -> "incomplete";
        };
    }

}
