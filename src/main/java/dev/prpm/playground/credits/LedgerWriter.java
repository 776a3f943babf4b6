package dev.prpm.playground.credits;

import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only code that changes balances: lock the account row, apply a bucket delta, append
 * the ledger row with the balance after it. Callers hold the lock for their whole
 * transaction.
 */
@Component
class LedgerWriter {

    private final CreditAccountRepository accounts;

    private final Clock clock;

    LedgerWriter(CreditAccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Locks (creating if needed) the user's account for the rest of the transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public CreditAccountRepository.Account lock(UUID userId) {
        return accounts.lock(userId).orElseGet(() -> {
            accounts.create(userId);
            return accounts.lock(userId).orElseThrow();
        });
    }

    /**
     * Applies {@code delta} to the buckets and {@code reservedDelta} to the reserved
     * total.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CreditAccountRepository.Account apply(CreditAccountRepository.Account account, Buckets delta,
            long reservedDelta, TransactionType type, LedgerRefs refs) {
        // A debt left by an overdraft may be repaid, never deepened, by ordinary changes.
        return apply(account, delta, reservedDelta, type, refs, Math.min(0, account.balances().purchased()));
    }

    /**
     * Applies like
     * {@link #apply(CreditAccountRepository.Account, Buckets, long, TransactionType, LedgerRefs)}
     * but lets the purchased bucket go down to {@code purchasedFloor} (a bounded
     * overdraft, never below the database's -1000).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CreditAccountRepository.Account apply(CreditAccountRepository.Account account, Buckets delta,
            long reservedDelta, TransactionType type, LedgerRefs refs, long purchasedFloor) {
        Buckets after = account.balances().plus(delta);
        long reserved = Math.addExact(account.reserved(), reservedDelta);
        if (after.monthly() < 0 || after.rollover() < 0 || after.purchased() < purchasedFloor || reserved < 0) {
            throw new IllegalStateException(
                    "Credit invariant violated for " + account.userId() + ": " + after + " reserved " + reserved);
        }
        accounts.updateBalances(account.userId(), after, reserved);
        accounts.append(account.userId(), type, delta, after.total(),
                refs.at() == null ? refs.at(clock.instant()) : refs);
        return account.with(after, reserved);
    }

}
