package dev.prpm.playground.billing;

import java.time.Clock;
import java.time.Instant;
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
 * older than the last event applied to the row ({@code last_event_at}) are ignored.
 */
@Component
class SubscriptionEvents {

    private static final Logger audit = LoggerFactory.getLogger("audit.billing");

    private final SubscriptionRepository subscriptions;

    private final Customers customers;

    private final ApplicationEventPublisher events;

    private final BillingProperties properties;

    SubscriptionEvents(SubscriptionRepository subscriptions, Customers customers, ApplicationEventPublisher events,
            BillingProperties properties) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.events = events;
        this.properties = properties;
    }

    /**
     * Checkout in subscription mode completed: link the Stripe subscription and customer
     * to the user.
     */
    StripeEvent.Outcome checkoutCompleted(StripeEvent event) {
        String subscriptionId = event.text("subscription");
        UUID userId = user(event.text("metadata", "user_id"), event.text("client_reference_id"));
        PriceKind kind = PriceKind.of(event.text("metadata", "price_kind"), PriceKind.INDIVIDUAL);
        var sub = find(subscriptionId, userId, event, kind);
        if (sub.isEmpty()) {
            return StripeEvent.Outcome.unmatched("no user for subscription " + subscriptionId);
        }
        subscriptions.linkCustomer(sub.get().id(), event.text("customer"));
        audit.info("billing.subscription.linked userId={} subscription={} customer={}", sub.get().userId(),
                subscriptionId, event.text("customer"));
        return StripeEvent.Outcome.processed("subscription " + subscriptionId + " linked");
    }

    /** A paid invoice: activate PRPM+ and top the monthly bucket up for a new period. */
    StripeEvent.Outcome invoicePaid(StripeEvent event) {
        JsonNode invoice = event.object();
        String subscriptionId = firstText(invoice, "subscription", "parent.subscription_details.subscription");
        if (subscriptionId == null) {
            return StripeEvent.Outcome.ignored("invoice without subscription");
        }
        String metaUser = firstText(invoice, "subscription_details.metadata.user_id",
                "parent.subscription_details.metadata.user_id", "metadata.user_id");
        PriceKind kind = PriceKind.of(firstText(invoice, "subscription_details.metadata.price_kind",
                "parent.subscription_details.metadata.price_kind"), kindOfPrice(invoice));
        var found = find(subscriptionId, user(metaUser, null), event, kind);
        if (found.isEmpty()) {
            return StripeEvent.Outcome.unmatched("no user for subscription " + subscriptionId);
        }
        var sub = found.get();
        if (sub.canceled()) {
            return StripeEvent.Outcome.processed("subscription " + subscriptionId + " is canceled; not re-activated");
        }
        JsonNode line = invoice.path("lines").path("data").path(0);
        Instant start = Optional.ofNullable(event.instant(line, "period", "start"))
            .orElse(event.instant(invoice, "period_start"));
        Instant end = Optional.ofNullable(event.instant(line, "period", "end"))
            .orElse(event.instant(invoice, "period_end"));
        if (start == null) {
            start = event.created();
        }
        if (sub.periodStart() != null && !start.isAfter(sub.periodStart())) {
            return StripeEvent.Outcome.processed("period " + start + " already granted");
        }
        subscriptions.paidPeriod(sub.id(), start, end, event.created());
        events.publishEvent(new SubscriptionPeriodPaid(sub.userId(), properties.prices().monthlyCredits(), start,
                sub.periodStart() != null, event.text("id")));
        audit.info(
                "billing.subscription.paid userId={} subscription={} invoice={} periodStart={} periodEnd={} "
                        + "monthlyCredits={} amountPaid={}",
                sub.userId(), subscriptionId, event.text("id"), start, end, properties.prices().monthlyCredits(),
                event.text("amount_paid"));
        return StripeEvent.Outcome.processed("period " + start + " granted");
    }

    /** customer.subscription.created / updated / deleted. */
    StripeEvent.Outcome changed(StripeEvent event, boolean deleted) {
        String subscriptionId = event.text("id");
        UUID userId = user(event.text("metadata", "user_id"), null);
        PriceKind kind = PriceKind.of(event.text("metadata", "price_kind"), PriceKind.INDIVIDUAL);
        var found = find(subscriptionId, userId, event, kind);
        if (found.isEmpty()) {
            return StripeEvent.Outcome.unmatched("no current subscription " + subscriptionId);
        }
        var sub = found.get();
        if (sub.isStale(event.created()) || (sub.canceled() && !deleted)) {
            return StripeEvent.Outcome.processed("stale event for subscription " + subscriptionId + "; ignored");
        }
        String status = deleted ? "canceled" : status(event.text("status"));
        Instant periodEnd = Optional.ofNullable(event.instant(event.object(), "current_period_end"))
            .orElse(event.instant(event.object().path("items").path("data").path(0), "current_period_end"));
        subscriptions.update(sub.id(), status, event.flag("cancel_at_period_end"), periodEnd, event.created());
        if ("canceled".equals(status) || "unpaid".equals(status)) {
            events.publishEvent(new SubscriptionEnded(sub.userId()));
        }
        else if ("active".equals(status)) {
            events.publishEvent(new SubscriptionActivated(sub.userId()));
        }
        audit.info("billing.subscription.{} userId={} subscription={} status={} cancelAtPeriodEnd={}",
                deleted ? "deleted" : "updated", sub.userId(), subscriptionId, status,
                event.flag("cancel_at_period_end"));
        return StripeEvent.Outcome.processed("subscription " + subscriptionId + " " + status);
    }

    /**
     * The row of this Stripe subscription, locked; else (a subscription we have not seen
     * yet) the user's row, started for it, unless the user has another live subscription.
     */
    private Optional<SubscriptionRepository.Sub> find(String subscriptionId, UUID userId, StripeEvent event,
            PriceKind kind) {
        if (subscriptionId != null) {
            var byId = subscriptions.lockByStripeId(subscriptionId);
            if (byId.isPresent()) {
                return byId;
            }
        }
        if (userId == null || subscriptionId == null) {
            return Optional.empty();
        }
        var current = subscriptions.lockByUser(userId);
        if (current.isPresent() && current.get().live() && current.get().stripeId() != null) {
            return Optional.empty(); // the user has another live subscription; this one
                                     // is not theirs to track
        }
        return Optional.of(subscriptions.start(userId, subscriptionId, null, kind, "incomplete", event.created()));
    }

    private UUID user(String metadataUser, String clientReference) {
        UUID id = StripeEvent.uuid(metadataUser != null ? metadataUser : clientReference);
        return id != null && customers.exists(id) ? id : null;
    }

    private PriceKind kindOfPrice(JsonNode invoice) {
        String price = firstText(invoice, "lines.data.0.price.id", "lines.data.0.pricing.price_details.price");
        return properties.prices().org().priceId().equals(price) ? PriceKind.ORG : PriceKind.INDIVIDUAL;
    }

    private static String firstText(JsonNode node, String... dottedPaths) {
        for (String path : dottedPaths) {
            JsonNode current = node;
            for (String part : path.split("\\.")) {
                current = part.chars().allMatch(Character::isDigit) ? current.path(Integer.parseInt(part))
                        : current.path(part);
            }
            String value = StripeEvent.text(current);
            if (value != null) {
                return value;
            }
        }
        return null;
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
