package dev.prpm.playground.credits;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds before a model call, settles the actual cost after it, releases on failure. Lock
 * order is always account row, then reservation row, so concurrent operations cannot
 * deadlock.
 */
@Service
public class Reservations {

    private static final Logger log = LoggerFactory.getLogger(Reservations.class);

    private final LedgerWriter writer;

    private final ReservationRepository reservations;

    private final CreditProperties properties;

    private final CreditMetrics metrics;

    private final SpendingCaps caps;

    private final AllowanceWatch allowance;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final HoldsAcrossReset holdsAcrossReset;

    private final HoldStatements statements;

    Reservations(LedgerWriter writer, ReservationRepository reservations, CreditProperties properties,
            CreditMetrics metrics, SpendingCaps caps, AllowanceWatch allowance, TransactionTemplate transactions,
            Clock clock, HoldsAcrossReset holdsAcrossReset, HoldStatements statements) {
        this.statements = statements;
        this.holdsAcrossReset = holdsAcrossReset;
        this.writer = writer;
        this.reservations = reservations;
        this.properties = properties;
        this.metrics = metrics;
        this.caps = caps;
        this.allowance = allowance;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Holds {@code amount} credits, taken in spend order; 402 when the spendable balance
     * is lower.
     */
    @Transactional
    public Reservation reserve(UUID userId, long amount, String purpose, LedgerRefs refs) {
        return reserve(userId, amount, purpose, refs, properties.holdTtl());
    }

    /**
     * Holds like {@link #reserve(UUID, long, String, LedgerRefs)} for {@code ttl} instead
     * of the default hold TTL (a queued job's hold must outlive its wait in the queue).
     */
    @Transactional
    public Reservation reserve(UUID userId, long amount, String purpose, LedgerRefs refs, java.time.Duration ttl) {
        if (amount <= 0) {
            throw new IllegalArgumentException("A reservation must be positive: " + amount);
        }
        HoldStatements.Locked locked = statements.lockAccount(userId)
            .orElseGet(() -> new HoldStatements.Locked(writer.lock(userId), caps.of(userId)));
        var account = locked.account();
        long available = account.balances().total();
        if (amount > available) {
            metrics.rejected();
            throw new InsufficientCreditsException(amount, available, properties.purchaseUrl());
        }
        caps.check(userId, amount, locked.caps());
        Buckets held = account.balances().take(amount);
        UUID id = UUID.randomUUID();
        Instant expiresAt = clock.instant().plus(ttl);
        LedgerWriter.Planned step = writer.plan(account, held.negate(), amount, TransactionType.RESERVATION_HOLD,
                refs.withReservation(id).withReason("Hold for " + purpose));
        statements.hold(id, amount, held, purpose, expiresAt, account.nextResetAt(), step.account(), step.entry());
        metrics.reserved();
        return new Reservation(id, userId, amount, expiresAt);
    }

    /**
     * Charges the actual cost (at most the amount held) and returns the rest. Joins the
     * caller's transaction so a run's session write, settlement and usage row commit
     * together. Settling twice returns the first settlement; settling a hold the reaper
     * already released charges what the balance still allows, so a slow run is not free.
     */
    @Transactional
    public Settlement settle(UUID reservationId, long actualCost, LedgerRefs refs) {
        if (actualCost < 0) {
            throw new IllegalArgumentException("Actual cost cannot be negative: " + actualCost);
        }
        HoldStatements.LockedHold locked = lockHold(reservationId);
        var account = locked.account();
        ReservationRepository.Row row = locked.reservation();
        if ("settled".equals(row.status())) {
            return new Settlement(row.settledAmount(), account.balances().total(), null);
        }
        LedgerRefs linked = refs.withReservation(reservationId);
        if (row.active() && row.heldAcrossReset(account)) {
            long charge = Math.min(actualCost, row.amount());
            Buckets spent = row.held().take(charge);
            account = holdsAcrossReset.close(account, row, charge, linked, "Release of hold, settled");
            reservations.close(reservationId, "settled", charge, clock.instant());
            metrics.settled(charge);
            // Last month's monthly credits in the hold were spent as rollover (see
            // HoldsAcrossReset).
            return new Settlement(charge, account.balances().total(),
                    new Settlement.Paid(0, spent.monthly() + spent.rollover(), spent.purchased()));
        }
        List<LedgerWriter.Entry> entries = new ArrayList<>(2);
        if (row.active()) {
            LedgerWriter.Planned release = writer.plan(account, row.held(), -row.amount(),
                    TransactionType.RESERVATION_RELEASE, linked.withReason("Release of hold, settled"));
            account = release.account();
            entries.add(release.entry());
        }
        long charge = Math.min(actualCost, row.active() ? row.amount() : account.balances().total());
        Buckets paid = charge > 0 ? account.balances().take(charge) : Buckets.ZERO;
        long monthlyBefore = account.balances().monthly();
        if (charge > 0) {
            LedgerWriter.Planned spend = writer.plan(account, paid.negate(), 0, TransactionType.SPEND, linked);
            account = spend.account();
            entries.add(spend.entry());
        }
        statements.close(reservationId, "settled", charge, clock.instant(), account, entries);
        if (charge > 0) {
            allowance.spent(account, monthlyBefore);
        }
        if (!row.active()) {
            log.warn("credits.late_settlement reservationId={} status={} charged={}", reservationId, row.status(),
                    charge);
        }
        metrics.settled(charge);
        return new Settlement(charge, account.balances().total(),
                new Settlement.Paid(paid.monthly(), paid.rollover(), paid.purchased()));
    }

    /** Returns all held credits; a no-op for a reservation that is already closed. */
    @Transactional
    public boolean release(UUID reservationId, String reason) {
        return releaseWithStatus(reservationId, reason, "released", null);
    }

    /**
     * Releases holds whose TTL passed (their run's instance died); each in its own short
     * transaction.
     */
    public int releaseExpired(int limit) {
        Instant now = clock.instant();
        int released = 0;
        for (UUID id : reservations.expiredActive(now, limit)) {
            Boolean done = transactions
                .execute(status -> releaseWithStatus(id, "Hold expired without settlement", "expired", now));
            if (Boolean.TRUE.equals(done)) {
                released++;
                metrics.expired();
            }
        }
        if (released > 0) {
            log.info("credits.reaper released={}", released);
        }
        return released;
    }

    private boolean releaseWithStatus(UUID reservationId, String reason, String status, Instant expiredBefore) {
        HoldStatements.LockedHold locked = lockHold(reservationId);
        var account = locked.account();
        ReservationRepository.Row row = locked.reservation();
        if (!row.active() || (expiredBefore != null && row.expiresAt().isAfter(expiredBefore))) {
            return false;
        }
        LedgerRefs refs = LedgerRefs.reason(reason).withReservation(reservationId);
        if (row.heldAcrossReset(account)) {
            holdsAcrossReset.close(account, row, 0, refs, reason);
            reservations.close(reservationId, status, 0, clock.instant());
        }
        else {
            LedgerWriter.Planned release = writer.plan(account, row.held(), -row.amount(),
                    TransactionType.RESERVATION_RELEASE, refs);
            statements.close(reservationId, status, 0, clock.instant(), release.account(), List.of(release.entry()));
        }
        metrics.released();
        return true;
    }

    /** Locks the reservation's account, then the reservation: one round trip. */
    private HoldStatements.LockedHold lockHold(UUID reservationId) {
        return statements.lockHold(reservationId)
            .orElseThrow(() -> new IllegalArgumentException("Unknown reservation " + reservationId));
    }

}
