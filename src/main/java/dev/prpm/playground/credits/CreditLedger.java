package dev.prpm.playground.credits;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grants and corrections: signup bonus, purchases, refund claw-backs, admin adjustments.
 */
@Service
public class CreditLedger {

    private static final Logger audit = LoggerFactory.getLogger("audit.credits");

    private final LedgerWriter writer;

    private final CreditProperties properties;

    CreditLedger(LedgerWriter writer, CreditProperties properties) {
        this.writer = writer;
        this.properties = properties;
    }

    /**
     * Adds credits to one bucket; joins the caller's transaction (e.g. signup, webhook
     * dedupe).
     */
    @Transactional
    public long grant(UUID userId, Bucket bucket, long amount, TransactionType type, LedgerRefs refs) {
        if (amount <= 0) {
            throw new IllegalArgumentException("A grant must be positive: " + amount);
        }
        var after = writer.apply(writer.lock(userId), Buckets.of(bucket, amount), 0, type, refs);
        audit.info("credits.grant userId={} type={} bucket={} amount={} balanceAfter={}", userId, type.value(),
                bucket.value(), amount, after.balances().total());
        return after.balances().total();
    }

    /**
     * Takes back purchased credits after a refund or chargeback, never below zero: what
     * cannot be taken (already spent) is returned as the shortfall for the caller to
     * record.
     */
    @Transactional
    public Clawback clawBack(UUID userId, long amount, LedgerRefs refs) {
        if (amount <= 0) {
            throw new IllegalArgumentException("A claw-back must be positive: " + amount);
        }
        var account = writer.lock(userId);
        long taken = Math.max(0, Math.min(amount, account.balances().purchased()));
        if (taken > 0) {
            account = writer.apply(account, Buckets.of(Bucket.PURCHASED, -taken), 0, TransactionType.REFUND, refs);
        }
        Clawback result = new Clawback(taken, amount - taken, account.balances().total());
        audit.info("credits.clawback userId={} requested={} taken={} shortfall={}", userId, amount, result.taken(),
                result.shortfall());
        return result;
    }

    /**
     * An operator's correction with a mandatory reason: positive amounts go to the
     * non-expiring bucket, negative ones are taken in spend order and may not exceed the
     * spendable balance.
     */
    @Transactional
    public long adjust(UUID userId, long amount, String reason) {
        if (amount == 0 || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An adjustment needs a non-zero amount and a reason");
        }
        var account = writer.lock(userId);
        Buckets delta;
        if (amount > 0) {
            delta = Buckets.of(Bucket.PURCHASED, amount);
        }
        else if (-amount > account.balances().total()) {
            throw new InsufficientCreditsException(-amount, account.balances().total(), properties.purchaseUrl());
        }
        else {
            delta = account.balances().take(-amount).negate();
        }
        var after = writer.apply(account, delta, 0, TransactionType.ADJUSTMENT, LedgerRefs.reason(reason));
        audit.info("credits.adjustment userId={} amount={} reason={}", userId, amount, reason);
        return after.balances().total();
    }

    /** Result of a claw-back. */
    public record Clawback(long taken, long shortfall, long balanceAfter) {
    }

}
