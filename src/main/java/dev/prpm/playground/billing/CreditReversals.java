package dev.prpm.playground.billing;

import java.util.UUID;

/**
 * Takes purchased credits back after a refund or a chargeback (and gives them back when a
 * dispute is won), implemented by the credits module. A synchronous call, not an event:
 * the webhook transaction records on the purchase how much was actually taken and how
 * much was already spent (the shortfall), so it needs the answer now.
 */
public interface CreditReversals {

    Reversal takeBack(UUID userId, long credits, String reason, String stripeRef);

    /**
     * Gives back purchased credits an earlier reversal took (a dispute closed in our
     * favour), in the caller's transaction.
     */
    void restore(UUID userId, long credits, String reason, String stripeRef);

    /**
     * Credits taken from the purchased bucket, and what could not be taken because it was
     * spent.
     */
    record Reversal(long taken, long shortfall) {
    }

}
