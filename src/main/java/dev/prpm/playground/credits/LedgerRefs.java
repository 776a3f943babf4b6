package dev.prpm.playground.credits;

import java.time.Instant;
import java.util.UUID;

/** Why a ledger row exists and what it relates to. */
public record LedgerRefs(String reason, UUID reservationId, UUID runId, UUID sessionId, String stripeRef, Instant at) {

    public static LedgerRefs reason(String reason, Instant at) {
        return new LedgerRefs(reason, null, null, null, null, at);
    }

    public LedgerRefs withStripeRef(String ref) {
        return new LedgerRefs(reason, reservationId, runId, sessionId, ref, at);
    }
}
