package dev.prpm.playground.billing;

import java.util.UUID;

/**
 * A PRPM+ subscription ended (canceled or unpaid): no more monthly allowance, tier back
 * to free.
 */
public record SubscriptionEnded(UUID userId) {
}
