package dev.prpm.playground.billing;

import java.util.UUID;

/**
 * A credit pack was paid for. Published inside the webhook transaction; the credits
 * module grants the pack in that same transaction, so the balance has risen when the
 * webhook is acknowledged.
 */
public record PackPurchased(UUID purchaseId, UUID userId, String packId, long credits, String stripeRef) {
}
