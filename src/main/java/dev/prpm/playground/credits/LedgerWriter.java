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
        Planned step = plan(account, delta, reservedDelta, type, refs);
        CreditAccountRepository.Account after = step.account();
        accounts.updateBalances(after.userId(), after.balances(), after.reserved());
        Entry entry = step.entry();
        accounts.append(after.userId(), type, delta, entry.balanceAfter(), entry.refs());
        return after;
    }

    /**
     * The account after {@code delta} and the ledger row that records it, without writing
     * either (the caller writes them, possibly together with other rows, in one
     * statement). Refuses a change that would make a bucket or the reserved total
     * negative.
     */
    Planned plan(CreditAccountRepository.Account account, Buckets delta, long reservedDelta, TransactionType type,
            LedgerRefs refs) {
        Buckets after = account.balances().plus(delta);
        long reserved = Math.addExact(account.reserved(), reservedDelta);
        if (after.anyNegative() || reserved < 0) {
            throw new IllegalStateException(
                    "Credit invariant violated for " + account.userId() + ": " + after + " reserved " + reserved);
        }
        return new Planned(account.with(after, reserved),
                new Entry(type, delta, after.total(), refs.at() == null ? refs.at(clock.instant()) : refs));
    }

    /** A ledger row to append: the change, the balance after it, what it relates to. */
    record Entry(TransactionType type, Buckets delta, long balanceAfter, LedgerRefs refs) {
    }

    /** An account after a planned change, and the ledger row of that change. */
    record Planned(CreditAccountRepository.Account account, Entry entry) {
    }

}
