package dev.prpm.playground.billing;

import java.time.Instant;
import java.util.UUID;

/**
 * A PRPM+ billing period was paid (first invoice or a renewal). Listeners act in the
 * webhook transaction: credits tops up the monthly allowance (rolling the last month over
 * first on a renewal), auth sets the tier ({@code org} for the organisation price, else
 * {@code plus}).
 */
public record SubscriptionPeriodPaid(UUID userId, long monthlyCredits, Instant periodStart, boolean renewal,
        String stripeRef, PriceKind kind) {

    /** A period of the individual price. */
    public SubscriptionPeriodPaid(UUID userId, long monthlyCredits, Instant periodStart, boolean renewal,
            String stripeRef) {
        this(userId, monthlyCredits, periodStart, renewal, stripeRef, PriceKind.INDIVIDUAL);
    }

}
