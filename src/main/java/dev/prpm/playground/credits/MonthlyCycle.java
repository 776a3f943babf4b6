package dev.prpm.playground.credits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The monthly allowance of a plan. On each billing anniversary: rollover older than one
 * month expires, unused monthly credits move to rollover (capped at one month's
 * allowance, the excess expires), and the monthly bucket is granted the allowance again
 * if a paid period covers the anniversary. Each step is a ledger row; running the cycle
 * twice for the same anniversary, or a renewal arriving around it, never grants twice
 * (rules and cases: docs/credits.md).
 */
@Service
class MonthlyCycle {

    private static final Logger log = LoggerFactory.getLogger(MonthlyCycle.class);

    private final LedgerWriter writer;

    private final CreditAccountRepository accounts;

    private final TransactionTemplate transactions;

    private final Clock clock;

    MonthlyCycle(LedgerWriter writer, CreditAccountRepository accounts, TransactionTemplate transactions, Clock clock) {
        this.writer = writer;
        this.accounts = accounts;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * A plan period {@code [periodStart, periodStart + 1 month)} was paid. The first paid
     * period (or one after the plan ended) starts the plan anchored at
     * {@code periodStart} and tops the monthly bucket up to the allowance. A renewal only
     * extends what is paid for: due anniversaries run (each grants the allowance once, if
     * paid), and a period paid after its anniversary already ran gets its allowance now.
     * Never grants twice for one period, whichever of renewal and scheduled reset comes
     * first.
     */
    @Transactional
    public void periodPaid(UUID userId, long allowance, Instant periodStart, boolean renewal, LedgerRefs refs) {
        var account = writer.lock(userId);
        Instant now = clock.instant();
        Instant paidEnd = periodStart.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        Instant paidThrough = account.paidThrough() == null || paidEnd.isAfter(account.paidThrough()) ? paidEnd
                : account.paidThrough();
        if (!renewal || account.monthlyAllowance() == 0 || account.cycleAnchor() == null) {
            startPlan(account.withPaid(paidThrough, periodStart), allowance, periodStart, now, refs);
            return;
        }
        account = account
            .withCycle(allowance, account.cycleAnchor(), account.nextResetAt(), account.rolloverExpiresAt())
            .withPaid(paidThrough, account.grantedPeriod());
        accounts.updateCycle(account);
        while (due(account, now)) {
            account = resetOnce(account, account.nextResetAt());
        }
        Instant current = currentPeriod(account, periodStart, now);
        if (current != null && account.notGranted(current)) {
            account = writer.apply(account, Buckets.of(Bucket.MONTHLY, allowance), 0, TransactionType.MONTHLY_GRANT,
                    refs.withReason("Monthly allowance (period " + current + " paid after its anniversary)"));
            accounts.updateCycle(account.withPaid(account.paidThrough(), current));
        }
        log.info("credits.period_paid userId={} periodStart={} paidThrough={}", userId, periodStart, paidThrough);
    }

    private void startPlan(CreditAccountRepository.Account account, long allowance, Instant anchor, Instant now,
            LedgerRefs refs) {
        Instant nextReset = nextAnniversary(anchor, now);
        account = account.withCycle(allowance, anchor, nextReset, account.rolloverExpiresAt());
        accounts.updateCycle(account);
        long topUp = allowance - account.balances().monthly();
        if (topUp > 0) {
            writer.apply(account, Buckets.of(Bucket.MONTHLY, topUp), 0, TransactionType.MONTHLY_GRANT,
                    refs.withReason("Monthly allowance (plan started)"));
        }
        log.info("credits.plan_activated userId={} allowance={} nextReset={}", account.userId(), allowance, nextReset);
    }

    /**
     * The start of the cycle period running now if the paid {@code periodStart} lies in
     * it (within an hour of slack for Stripe's own period arithmetic), else null: a
     * period in the future is granted by its reset, an older one is not granted late.
     */
    private static Instant currentPeriod(CreditAccountRepository.Account account, Instant periodStart, Instant now) {
        if (periodStart.isAfter(now) || account.nextResetAt() == null || !periodStart.isBefore(account.nextResetAt())) {
            return null;
        }
        Instant current = previousAnniversary(account.cycleAnchor(), account.nextResetAt());
        return periodStart.plus(Duration.ofHours(1)).isBefore(current) ? null : current;
    }

    /**
     * Ends the plan: no further grants; this month's credits expire at the next
     * anniversary.
     */
    @Transactional
    public void endPlan(UUID userId) {
        var account = writer.lock(userId);
        accounts.updateCycle(
                account.withCycle(0, account.cycleAnchor(), account.nextResetAt(), account.rolloverExpiresAt()));
        log.info("credits.plan_ended userId={}", userId);
    }

    /**
     * Runs every anniversary that has passed for up to {@code limit} accounts; returns
     * accounts processed.
     */
    public int runDue(int limit) {
        Instant now = clock.instant();
        int processed = 0;
        for (UUID userId : accounts.dueForReset(now, limit)) {
            transactions.executeWithoutResult(status -> runFor(userId, now));
            processed++;
        }
        return processed;
    }

    /** Runs the anniversaries of one account due at {@code now}; idempotent. */
    @Transactional
    public int runFor(UUID userId, Instant now) {
        var account = writer.lock(userId);
        int resets = 0;
        while (due(account, now)) {
            account = resetOnce(account, account.nextResetAt());
            resets++;
        }
        return resets;
    }

    private static boolean due(CreditAccountRepository.Account account, Instant now) {
        return account.nextResetAt() != null && !account.nextResetAt().isAfter(now);
    }

    private CreditAccountRepository.Account resetOnce(CreditAccountRepository.Account account, Instant at) {
        String cycle = " (anniversary " + at + ")";
        LedgerRefs refs = LedgerRefs.reason("Monthly cycle" + cycle).at(at);
        long rollover = account.balances().rollover();
        if (rollover > 0) {
            account = writer.apply(account, Buckets.of(Bucket.ROLLOVER, -rollover), 0, TransactionType.EXPIRY,
                    refs.withReason("Rollover credits expired" + cycle));
        }
        long monthly = account.balances().monthly();
        long carry = Math.min(monthly, account.monthlyAllowance());
        if (carry > 0) {
            account = writer.apply(account, new Buckets(-carry, carry, 0), 0, TransactionType.ROLLOVER,
                    refs.withReason("Unused monthly credits rolled over" + cycle));
        }
        if (monthly - carry > 0) {
            account = writer.apply(account, Buckets.of(Bucket.MONTHLY, -(monthly - carry)), 0, TransactionType.EXPIRY,
                    refs.withReason("Monthly credits above the rollover cap expired" + cycle));
        }
        Instant granted = account.grantedPeriod();
        if (account.monthlyAllowance() > 0 && account.paidFor(at) && account.notGranted(at)) {
            account = writer.apply(account, Buckets.of(Bucket.MONTHLY, account.monthlyAllowance()), 0,
                    TransactionType.MONTHLY_GRANT, refs.withReason("Monthly allowance" + cycle));
            granted = at;
        }
        else if (account.monthlyAllowance() > 0) {
            log.info("credits.cycle_unpaid userId={} anniversary={} paidThrough={}: no allowance until paid",
                    account.userId(), at, account.paidThrough());
        }
        boolean stillCycling = account.monthlyAllowance() > 0 || carry > 0;
        Instant next = stillCycling ? nextAnniversary(account.cycleAnchor(), at) : null;
        account = account.withCycle(account.monthlyAllowance(), account.cycleAnchor(), next, carry > 0 ? next : null)
            .withPaid(account.paidThrough(), granted);
        accounts.updateCycle(account);
        return account;
    }

    /** The last anniversary of {@code anchor} strictly before {@code next}. */
    static Instant previousAnniversary(Instant anchor, Instant next) {
        ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
        long months = Math.max(0, java.time.temporal.ChronoUnit.MONTHS.between(start, next.atZone(ZoneOffset.UTC)) - 1);
        while (start.plusMonths(months + 1).toInstant().isBefore(next)) {
            months++;
        }
        return start.plusMonths(months).toInstant();
    }

    /**
     * The first anniversary of {@code anchor} strictly after {@code after} (day clamped
     * in short months).
     */
    static Instant nextAnniversary(Instant anchor, Instant after) {
        ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
        long months = Math.max(1, java.time.temporal.ChronoUnit.MONTHS.between(start, after.atZone(ZoneOffset.UTC)));
        ZonedDateTime candidate = start.plusMonths(months);
        while (!candidate.toInstant().isAfter(after)) {
            months++;
            candidate = start.plusMonths(months);
        }
        return candidate.toInstant();
    }

}
