package dev.prpm.playground.credits;

import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The single writer of balances. Every change locks the user's account row, applies a bucket delta,
 * and appends one immutable ledger row carrying the balance after it.
 */
@Service
public class CreditLedger {

    private final CreditAccountRepository accounts;
    private final Clock clock;

    CreditLedger(CreditAccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Adds credits to one bucket (signup bonus, grants, purchases, positive adjustments). */
    @Transactional(propagation = Propagation.MANDATORY)
    public long grant(UUID userId, Bucket bucket, long amount, TransactionType type, LedgerRefs refs) {
        if (amount <= 0) {
            throw new IllegalArgumentException("A grant must be positive: " + amount);
        }
        accounts.create(userId);
        CreditAccountRepository.Account account = accounts.lock(userId).orElseThrow();
        return apply(account, Buckets.of(bucket, amount), type, refs);
    }

    /** Applies a delta to a locked account and appends its ledger row; returns the ledger row id. */
    long apply(CreditAccountRepository.Account account, Buckets delta, TransactionType type, LedgerRefs refs) {
        Buckets after = account.balances().plus(delta);
        if (after.anyNegative()) {
            throw new IllegalStateException("Bucket would go negative for " + account.userId() + ": " + after);
        }
        accounts.updateBalances(account.userId(), after, account.reserved());
        LedgerRefs stamped = refs.at() == null
                ? new LedgerRefs(refs.reason(), refs.reservationId(), refs.runId(), refs.sessionId(), refs.stripeRef(),
                        clock.instant())
                : refs;
        return accounts.append(account.userId(), type, delta, after.total(), stamped);
    }
}
