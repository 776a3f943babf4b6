package dev.prpm.playground.credits;

import io.micrometer.observation.annotation.Observed;
import java.time.Clock;
import java.time.Instant;
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

    Reservations(LedgerWriter writer, ReservationRepository reservations, CreditProperties properties,
            CreditMetrics metrics, SpendingCaps caps, AllowanceWatch allowance, TransactionTemplate transactions,
            Clock clock, HoldsAcrossReset holdsAcrossReset, WaysToPay waysToPay) {
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
        var account = writer.lock(userId);
        long available = account.balances().total();
        if (amount > available) {
            metrics.rejected();
            throw new InsufficientCreditsException(amount, available, properties.purchaseUrl())
                .withAlternatives(waysToPay.covering(userId, amount - available));
        }
        caps.check(userId, amount);
        Buckets held = account.balances().take(amount);
        UUID id = UUID.randomUUID();
        Instant expiresAt = clock.instant().plus(ttl);
        reservations.insert(id, userId, amount, held, purpose, expiresAt, account.nextResetAt());
        writer.apply(account, held.negate(), amount, TransactionType.RESERVATION_HOLD,
                refs.withReservation(id).withReason("Hold for " + purpose));
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
        var account = writer.lock(owner(reservationId));
        ReservationRepository.Row row = reservations.lock(reservationId).orElseThrow();
        if ("settled".equals(row.status())) {
            return new Settlement(row.settledAmount(), account.balances().total(), null);
        }
        LedgerRefs linked = refs.withReservation(reservationId);
        Buckets paid = Buckets.ZERO;
        long fromHold = 0;
        if (row.active() && row.heldAcrossReset(account)) {
            fromHold = Math.min(actualCost, row.amount());
            Buckets spent = row.held().take(fromHold);
            account = holdsAcrossReset.close(account, row, fromHold, linked, "Release of hold, settled");
            // Last month's monthly credits in the hold were spent as rollover (see
            // HoldsAcrossReset).
            paid = new Buckets(0, spent.monthly() + spent.rollover(), spent.purchased());
        }
        else if (row.active()) {
            account = writer.apply(account, row.held(), -row.amount(), TransactionType.RESERVATION_RELEASE,
                    linked.withReason("Release of hold, settled"));
        }
        else {
            log.warn("credits.late_settlement reservationId={} status={} cost={}", reservationId, row.status(),
                    actualCost);
        }
        Charge charge = charge(account, actualCost - fromHold, linked, reservationId);
        paid = paid.plus(charge.paid());
        long charged = actualCost - charge.writtenOff();
        reservations.close(reservationId, "settled", charged + row.settledAmount(), clock.instant());
        metrics.settled(charged);
        return new Settlement(charged, charge.account().balances().total(),
                new Settlement.Paid(paid.monthly(), paid.rollover(), paid.purchased()), charge.owed(),
                charge.writtenOff());
    }

    /**
     * Takes {@code amount} in spend order from what the balance has, and owes the rest
     * down to the overdraft limit (an {@code overdraft} row on the purchased bucket).
     */
    private Charge charge(CreditAccountRepository.Account account, long amount, LedgerRefs refs, UUID reservationId) {
        long fromBalance = Math.min(amount, Math.max(0, account.balances().total()));
        Buckets paid = fromBalance > 0 ? account.balances().take(fromBalance) : Buckets.ZERO;
        if (fromBalance > 0) {
            long monthlyBefore = account.balances().monthly();
            account = writer.apply(account, paid.negate(), 0, TransactionType.SPEND, refs);
            allowance.spent(account, monthlyBefore);
        }
        long shortfall = amount - fromBalance;
        if (shortfall == 0) {
            return new Charge(account, paid, 0, 0);
        }
        long floor = -properties.overdraftLimit();
        long owed = Math.min(shortfall, Math.max(0, account.balances().purchased() - floor));
        long writtenOff = shortfall - owed;
        if (owed > 0) {
            String reason = "Overdraft: actual usage exceeded the hold and the balance by " + shortfall
                    + (writtenOff > 0 ? "; " + writtenOff + " beyond the overdraft limit written off" : "");
            account = writer.apply(account, Buckets.of(Bucket.PURCHASED, -owed), 0, TransactionType.OVERDRAFT,
                    refs.withReason(reason), floor);
        }
        metrics.overdraft(owed, writtenOff);
        if (writtenOff > 0) {
            log.error("credits.written_off reservationId={} userId={} owed={} writtenOff={}", reservationId,
                    account.userId(), owed, writtenOff);
        }
        else {
            log.warn("credits.overdraft reservationId={} userId={} owed={}", reservationId, account.userId(), owed);
        }
        return new Charge(account, paid.plus(Buckets.of(Bucket.PURCHASED, owed)), owed, writtenOff);
    }

    private record Charge(CreditAccountRepository.Account account, Buckets paid, long owed, long writtenOff) {
    }

    /**
     * Charges part of an open hold and keeps the rest open: an envelope held once for
     * several runs (a batch), each settling on its own. Charges the actual cost, at most
     * {@code limit} (the run's own estimate) and at most what is still held; the hold
     * shrinks by the charge. {@link #release} returns the rest at the end (the hold then
     * closes as settled if anything was charged). A hold already closed (released,
     * expired) charges what the balance still allows, like a late settlement. Joins the
     * caller's transaction.
     */
    @Transactional
    public Settlement settlePart(UUID reservationId, long actualCost, long limit, LedgerRefs refs) {
        if (actualCost < 0 || limit < 0) {
            throw new IllegalArgumentException("A partial settlement cannot be negative: " + actualCost + "/" + limit);
        }
        var account = writer.lock(owner(reservationId));
        ReservationRepository.Row row = reservations.lock(reservationId).orElseThrow();
        LedgerRefs linked = refs.withReservation(reservationId);
        long wanted = Math.min(actualCost, limit);
        long charge = Math.min(wanted, row.active() ? row.amount() : account.balances().total());
        Buckets moved;
        if (row.active()) {
            Buckets spent = row.held().take(charge);
            // A hold taken before a monthly reset spends last month's credits as
            // rollover.
            moved = row.heldAcrossReset(account) ? new Buckets(0, spent.monthly() + spent.rollover(), spent.purchased())
                    : spent;
            reservations.shrink(reservationId, spent, charge);
            if (charge > 0) {
                account = writer.apply(account, moved, -charge, TransactionType.RESERVATION_RELEASE,
                        linked.withReason("Release of part of hold, settled"));
            }
        }
        else {
            moved = account.balances().take(charge);
            reservations.shrink(reservationId, Buckets.ZERO, charge);
            log.warn("credits.late_settlement reservationId={} status={} charged={}", reservationId, row.status(),
                    charge);
        }
        if (charge > 0) {
            long monthlyBefore = account.balances().monthly();
            account = writer.apply(account, moved.negate(), 0, TransactionType.SPEND, linked);
            allowance.spent(account, monthlyBefore);
        }
        metrics.settled(charge);
        return new Settlement(charge, account.balances().total(),
                new Settlement.Paid(moved.monthly(), moved.rollover(), moved.purchased()));
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
        var account = writer.lock(owner(reservationId));
        ReservationRepository.Row row = reservations.lock(reservationId).orElseThrow();
        if (!row.active() || (expiredBefore != null && row.expiresAt().isAfter(expiredBefore))) {
            return false;
        }
        LedgerRefs refs = LedgerRefs.reason(reason).withReservation(reservationId);
        if (row.amount() == 0) {
            // An envelope fully spent by partial settlements: nothing left to return.
        }
        else if (row.heldAcrossReset(account)) {
            holdsAcrossReset.close(account, row, 0, refs, reason);
        }
        else {
            writer.apply(account, row.held(), -row.amount(), TransactionType.RESERVATION_RELEASE, refs);
        }
        // An envelope that paid for some runs closes as settled, with what it charged.
        reservations.close(reservationId, row.settledAmount() > 0 ? "settled" : status, row.settledAmount(),
                clock.instant());
        metrics.released();
        return true;
    }

    private UUID owner(UUID reservationId) {
        return reservations.ownerOf(reservationId)
            .orElseThrow(() -> new IllegalArgumentException("Unknown reservation " + reservationId));
    }

}
