package dev.prpm.playground.billing;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * DEV MODE ONLY: at the end of a paid period Stripe renews a subscription (a paid
 * invoice) or, if it was set to cancel, deletes it. Locally nobody would, so a plan would
 * stay active past its end; this plays those events for every subscription whose period
 * has ended (task {@code billing-dev-period-boundary}, every minute, dev mode only).
 */
@Component
class DevPeriodBoundary {

    private final PaymentGateway gateway;

    private final SubscriptionRepository subscriptions;

    private final Clock clock;

    DevPeriodBoundary(PaymentGateway gateway, SubscriptionRepository subscriptions, Clock clock) {
        this.gateway = gateway;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** Returns how many subscriptions crossed their period end; 0 outside dev mode. */
    int runDue() {
        if (!(gateway instanceof DevGateway dev)) {
            return 0;
        }
        Instant now = clock.instant();
        var due = subscriptions.periodEndedBefore(now);
        due.forEach(sub -> dev.crossPeriodEnd(sub, now));
        return due.size();
    }

}
