package dev.prpm.playground.credits;

import java.time.Clock;
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
 * allowance, the excess expires), and the monthly bucket is granted the allowance again.
 * Each step is a ledger row; running the cycle twice for the same anniversary changes
 * nothing the second time.
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
     * Starts (or changes) a plan with a monthly allowance anchored at {@code anchor};
     * tops the monthly bucket up to the allowance now.
     */
    @Transactional
    public void activatePlan(UUID userId, long allowance, Instant anchor, LedgerRefs refs) {
        var account = writer.lock(userId);
        Instant nextReset = nextAnniversary(anchor, clock.instant());
        account = account.withCycle(allowance, anchor, nextReset, account.rolloverExpiresAt());
        accounts.updateCycle(account);
        long topUp = allowance - account.balances().monthly();
        if (topUp > 0) {
            writer.apply(account, Buckets.of(Bucket.MONTHLY, topUp), 0, TransactionType.MONTHLY_GRANT,
                    refs.withReason("Monthly allowance (plan started)"));
        }
        log.info("credits.plan_activated userId={} allowance={} nextReset={}", userId, allowance, nextReset);
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
        while (account.nextResetAt() != null && !account.nextResetAt().isAfter(now)) {
            account = resetOnce(account, account.nextResetAt());
            resets++;
        }
        return resets;
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
        if (account.monthlyAllowance() > 0) {
            account = writer.apply(account, Buckets.of(Bucket.MONTHLY, account.monthlyAllowance()), 0,
                    TransactionType.MONTHLY_GRANT, refs.withReason("Monthly allowance" + cycle));
        }
        boolean stillCycling = account.monthlyAllowance() > 0 || carry > 0;
        Instant next = stillCycling ? nextAnniversary(account.cycleAnchor(), at) : null;
        account = account.withCycle(account.monthlyAllowance(), account.cycleAnchor(), next, carry > 0 ? next : null);
        accounts.updateCycle(account);
        return account;
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
