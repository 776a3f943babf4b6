package dev.prpm.playground.credits;

import java.time.Instant;
import java.util.UUID;

/**
 * Why a ledger row exists and what it relates to (run, session, reservation, Stripe
 * object).
 */
public record LedgerRefs(String reason, UUID reservationId, UUID runId, UUID sessionId, String stripeRef, Instant at) {

    public static LedgerRefs reason(String reason) {
        return new LedgerRefs(reason, null, null, null, null, null);
    }

    public static LedgerRefs forRun(String reason, UUID runId, UUID sessionId) {
        return new LedgerRefs(reason, null, runId, sessionId, null, null);
    }

    public LedgerRefs withStripeRef(String ref) {
        return new LedgerRefs(reason, reservationId, runId, sessionId, ref, at);
    }

    LedgerRefs withReservation(UUID reservation) {
        return new LedgerRefs(reason, reservation, runId, sessionId, stripeRef, at);
    }

    LedgerRefs withReason(String newReason) {
        return new LedgerRefs(newReason, reservationId, runId, sessionId, stripeRef, at);
    }

    LedgerRefs at(Instant instant) {
        return new LedgerRefs(reason, reservationId, runId, sessionId, stripeRef, instant);
    }
}
