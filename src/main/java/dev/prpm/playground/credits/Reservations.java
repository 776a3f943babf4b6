package dev.prpm.playground.credits;

import io.micrometer.observation.annotation.Observed;
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

    private final WaysToPay waysToPay;

    private final HoldStatements statements;

    private final Charges charges;

    Reservations(LedgerWriter writer, ReservationRepository reservations, CreditProperties properties,
            CreditMetrics metrics, SpendingCaps caps, AllowanceWatch allowance, TransactionTemplate transactions,
            Clock clock, HoldsAcrossReset holdsAcrossReset, WaysToPay waysToPay, HoldStatements statements) {
        this.statements = statements;
        this.holdsAcrossReset = holdsAcrossReset;
        this.waysToPay = waysToPay;
        this.writer = writer;
        this.reservations = reservations;
        this.properties = properties;
        this.metrics = metrics;
        this.caps = caps;
        this.allowance = allowance;
        this.transactions = transactions;
        this.clock = clock;
        this.charges = new Charges(writer, allowance, properties, metrics);
    }

    /**
     * Holds {@code amount} credits, taken in spend order; 402 when the spendable balance
     * is lower, naming the packs and the plan that would cover the shortfall.
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
            throw new InsufficientCreditsException(amount, available, properties.purchaseUrl())
                .withAlternatives(waysToPay.covering(userId, amount - available));
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
     * Charges the actual cost and returns what the hold does not need. Joins the caller's
     * transaction so a run's session write, settlement and usage row commit together.
     * Settling twice returns the first settlement. When the actual cost exceeds the hold
     * (output longer than the realistic hold, token-dense input, a costlier fallback) or
     * the hold was already released by the reaper, the difference is taken from the
     * remaining balance and what the balance cannot cover is owed: an {@code overdraft}
     * ledger row takes the purchased bucket below zero, down to
     * {@code prpm.credits.overdraft-limit}. Usage beyond that limit is written off,
     * logged and counted, never charged silently or absorbed unnoticed.
     */
    @Observed(name = "prpm.credit.settlement", contextualName = "playground.settleCredits")
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
        Buckets paid = Buckets.ZERO;
        long fromHold = 0;
        List<LedgerWriter.Entry> entries = new ArrayList<>(3);
        if (row.active() && row.heldAcrossReset(account)) {
            fromHold = Math.min(actualCost, row.amount());
            Buckets spent = row.held().take(fromHold);
            account = holdsAcrossReset.close(account, row, fromHold, linked, "Release of hold, settled");
            // Last month's monthly credits in the hold were spent as rollover (see
            // HoldsAcrossReset).
            paid = new Buckets(0, spent.monthly() + spent.rollover(), spent.purchased());
        }
        else if (row.active()) {
            LedgerWriter.Planned release = writer.plan(account, row.held(), -row.amount(),
                    TransactionType.RESERVATION_RELEASE, linked.withReason("Release of hold, settled"));
            account = release.account();
            entries.add(release.entry());
        }
        else {
            log.warn("credits.late_settlement reservationId={} status={} cost={}", reservationId, row.status(),
                    actualCost);
        }
        Charges.Charge charge = charges.charge(account, actualCost - fromHold, linked, reservationId, entries);
        paid = paid.plus(charge.paid());
        long charged = actualCost - charge.writtenOff();
        statements.close(reservationId, "settled", charged + row.settledAmount(), clock.instant(), charge.account(),
                entries);
        metrics.settled(charged);
        return new Settlement(charged, charge.account().balances().total(),
                new Settlement.Paid(paid.monthly(), paid.rollover(), paid.purchased()), charge.owed(),
                charge.writtenOff());
    }

    /**
     * Charges part of an open hold and keeps the rest open: an envelope held once for
     * several runs (a batch), each settling on its own. The run's share of the hold is at
     * most {@code share} (its own estimate) and what is still held; the hold shrinks by
     * that. Usage beyond the share is charged like any settlement beyond its hold (from
     * the balance, then owed down to the overdraft limit), so no run eats another's
     * share. {@link #releaseRest} returns the rest at the end (the hold then closes as
     * settled if anything was charged). A hold already closed charges everything like a
     * late settlement. Joins the caller's transaction.
     */
    @Transactional
    public Settlement settlePart(UUID reservationId, long actualCost, long share, LedgerRefs refs) {
        if (actualCost < 0 || share < 0) {
            throw new IllegalArgumentException("A partial settlement cannot be negative: " + actualCost + "/" + share);
        }
        HoldStatements.LockedHold locked = lockHold(reservationId);
        var account = locked.account();
        ReservationRepository.Row row = locked.reservation();
        LedgerRefs linked = refs.withReservation(reservationId);
        long fromHold = row.active() ? Math.min(Math.min(actualCost, share), row.amount()) : 0;
        Buckets paid = Buckets.ZERO;
        Buckets spent = Buckets.ZERO;
        if (fromHold > 0) {
            spent = row.held().take(fromHold);
            // A hold taken before a monthly reset spends last month's credits as
            // rollover.
            paid = row.heldAcrossReset(account) ? new Buckets(0, spent.monthly() + spent.rollover(), spent.purchased())
                    : spent;
            account = writer.apply(account, paid, -fromHold, TransactionType.RESERVATION_RELEASE,
                    linked.withReason("Release of part of hold, settled"));
            long monthlyBefore = account.balances().monthly();
            account = writer.apply(account, paid.negate(), 0, TransactionType.SPEND, linked);
            allowance.spent(account, monthlyBefore);
        }
        if (!row.active()) {
            log.warn("credits.late_settlement reservationId={} status={} cost={}", reservationId, row.status(),
                    actualCost);
        }
        List<LedgerWriter.Entry> entries = new ArrayList<>(2);
        Charges.Charge beyond = charges.charge(account, actualCost - fromHold, linked, reservationId, entries);
        writer.write(beyond.account(), entries);
        paid = paid.plus(beyond.paid());
        long charged = actualCost - beyond.writtenOff();
        reservations.shrink(reservationId, spent, charged);
        metrics.settled(charged);
        return new Settlement(charged, beyond.account().balances().total(),
                new Settlement.Paid(paid.monthly(), paid.rollover(), paid.purchased()), beyond.owed(),
                beyond.writtenOff());
    }

    /** Returns all held credits; a no-op for a reservation that is already closed. */
    @Transactional
    public boolean release(UUID reservationId, String reason) {
        return releaseWithStatus(reservationId, reason, "released", null) >= 0;
    }

    /**
     * Releases like {@link #release} and answers how many credits went back (what partial
     * settlements left of an envelope); -1 when the hold was already closed.
     */
    @Transactional
    public long releaseRest(UUID reservationId, String reason) {
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
                .execute(status -> releaseWithStatus(id, "Hold expired without settlement", "expired", now) >= 0);
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

    /** The credits returned, or -1 when the hold is closed (or not yet expired). */
    private long releaseWithStatus(UUID reservationId, String reason, String status, Instant expiredBefore) {
        HoldStatements.LockedHold locked = lockHold(reservationId);
        var account = locked.account();
        ReservationRepository.Row row = locked.reservation();
        if (!row.active() || (expiredBefore != null && row.expiresAt().isAfter(expiredBefore))) {
            return -1;
        }
        LedgerRefs refs = LedgerRefs.reason(reason).withReservation(reservationId);
        List<LedgerWriter.Entry> entries = new ArrayList<>(1);
        if (row.amount() == 0) {
            // An envelope fully spent by partial settlements: nothing left to return.
        }
        else if (row.heldAcrossReset(account)) {
            account = holdsAcrossReset.close(account, row, 0, refs, reason);
        }
        else {
            LedgerWriter.Planned release = writer.plan(account, row.held(), -row.amount(),
                    TransactionType.RESERVATION_RELEASE, refs);
            account = release.account();
            entries.add(release.entry());
        }
        // An envelope that paid for some runs closes as settled, with what it charged.
        statements.close(reservationId, row.settledAmount() > 0 ? "settled" : status, row.settledAmount(),
                clock.instant(), account, entries);
        metrics.released();
        return row.amount();
    }

    /** Locks the reservation's account, then the reservation: one round trip. */
    private HoldStatements.LockedHold lockHold(UUID reservationId) {
        return statements.lockHold(reservationId)
            .orElseThrow(() -> new IllegalArgumentException("Unknown reservation " + reservationId));
    }

}
