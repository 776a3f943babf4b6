package dev.prpm.playground.billing;

import java.util.UUID;

/**
 * A PRPM+ subscription became active again (e.g. a past-due payment succeeded), on the
 * individual or the organisation price.
 */
public record SubscriptionActivated(UUID userId, PriceKind kind) {

    /** On the individual price. */
    public SubscriptionActivated(UUID userId) {
        this(userId, PriceKind.INDIVIDUAL);
    }

}
