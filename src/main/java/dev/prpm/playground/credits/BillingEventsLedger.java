package dev.prpm.playground.credits;

import dev.prpm.playground.billing.CreditReversals;
import dev.prpm.playground.billing.PackPurchased;
import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.billing.SubscriptionPeriodPaid;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Billing's money events applied to the ledger. Plain {@code @EventListener}s, so each
 * runs inside the webhook transaction that published it: the user sees the credits on the
 * very next request, and if the ledger write fails the webhook is not acknowledged
 * (Stripe retries it).
 */
@Component
class BillingEventsLedger implements CreditReversals {

    private final CreditLedger ledger;

    private final MonthlyCycle cycle;

    private final Clock clock;

    BillingEventsLedger(CreditLedger ledger, MonthlyCycle cycle, Clock clock) {
        this.ledger = ledger;
        this.cycle = cycle;
        this.clock = clock;
    }

    @EventListener
    void on(PackPurchased event) {
        ledger.grant(event.userId(), Bucket.PURCHASED, event.credits(), TransactionType.PURCHASE,
                LedgerRefs.reason("Credit pack '" + event.packId() + "' purchased").withStripeRef(event.stripeRef()));
    }

    @EventListener
    void on(SubscriptionPeriodPaid event) {
        if (event.renewal()) {
            cycle.runFor(event.userId(), clock.instant()); // roll last month over first
        }
        cycle.activatePlan(event.userId(), event.monthlyCredits(), event.periodStart(),
                LedgerRefs.reason("PRPM+ monthly credits").withStripeRef(event.stripeRef()));
    }

    @EventListener
    void on(SubscriptionEnded event) {
        cycle.endPlan(event.userId());
    }

    @Override
    public Reversal takeBack(java.util.UUID userId, long credits, String reason, String stripeRef) {
        var clawback = ledger.clawBack(userId, credits, LedgerRefs.reason(reason).withStripeRef(stripeRef));
        return new Reversal(clawback.taken(), clawback.shortfall());
    }

}
