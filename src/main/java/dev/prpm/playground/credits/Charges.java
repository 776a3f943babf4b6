package dev.prpm.playground.credits;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a settlement takes beyond its hold: first from the balance in spend order, then,
 * for what the balance cannot cover, an {@code overdraft} row on the purchased bucket
 * down to {@code prpm.credits.overdraft-limit}; usage beyond that limit is written off,
 * logged and counted. Plans ledger entries only; {@link Reservations} writes them with
 * the settlement.
 */
final class Charges {

    private static final Logger log = LoggerFactory.getLogger(Reservations.class);

    private final LedgerWriter writer;

    private final AllowanceWatch allowance;

    private final CreditProperties properties;

    private final CreditMetrics metrics;

    Charges(LedgerWriter writer, AllowanceWatch allowance, CreditProperties properties, CreditMetrics metrics) {
        this.writer = writer;
        this.allowance = allowance;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * Takes {@code amount} in spend order from what the balance has, and owes the rest
     * down to the overdraft limit (an {@code overdraft} row on the purchased bucket).
     */
    Charge charge(CreditAccountRepository.Account account, long amount, LedgerRefs refs, UUID reservationId,
            List<LedgerWriter.Entry> entries) {
        long fromBalance = Math.min(amount, Math.max(0, account.balances().total()));
        Buckets paid = fromBalance > 0 ? account.balances().take(fromBalance) : Buckets.ZERO;
        if (fromBalance > 0) {
            long monthlyBefore = account.balances().monthly();
            LedgerWriter.Planned spend = writer.plan(account, paid.negate(), 0, TransactionType.SPEND, refs);
            account = spend.account();
            entries.add(spend.entry());
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
            LedgerWriter.Planned overdraft = writer.plan(account, Buckets.of(Bucket.PURCHASED, -owed), 0,
                    TransactionType.OVERDRAFT, refs.withReason(reason), floor);
            account = overdraft.account();
            entries.add(overdraft.entry());
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

    record Charge(CreditAccountRepository.Account account, Buckets paid, long owed, long writtenOff) {
    }

}
