package dev.prpm.playground.credits;

import dev.prpm.playground.billing.CreditReversals;
import dev.prpm.playground.billing.PackPurchased;
import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.billing.SubscriptionPeriodPaid;
import java.util.UUID;
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

    BillingEventsLedger(CreditLedger ledger, MonthlyCycle cycle) {
        this.ledger = ledger;
        this.cycle = cycle;
    }

    @EventListener
    void on(PackPurchased event) {
        ledger.grant(event.userId(), Bucket.PURCHASED, event.credits(), TransactionType.PURCHASE,
                LedgerRefs.reason("Credit pack '" + event.packId() + "' purchased").withStripeRef(event.stripeRef()));
    }

    @EventListener
    void on(SubscriptionPeriodPaid event) {
        cycle.periodPaid(event.userId(), event.monthlyCredits(), event.periodStart(), event.renewal(),
                LedgerRefs.reason("PRPM+ monthly credits").withStripeRef(event.stripeRef()));
    }

    @EventListener
    void on(SubscriptionEnded event) {
        cycle.endPlan(event.userId());
    }

    @Override
    public Reversal takeBack(UUID userId, long credits, String reason, String stripeRef) {
        var clawback = ledger.clawBack(userId, credits, LedgerRefs.reason(reason).withStripeRef(stripeRef));
        return new Reversal(clawback.taken(), clawback.shortfall());
    }

    @Override
    public void restore(UUID userId, long credits, String reason, String stripeRef) {
        ledger.grant(userId, Bucket.PURCHASED, credits, TransactionType.PURCHASE,
                LedgerRefs.reason(reason).withStripeRef(stripeRef));
    }

}
