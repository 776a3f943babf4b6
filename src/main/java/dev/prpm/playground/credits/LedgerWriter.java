package dev.prpm.playground.credits;

import java.time.Clock;
import java.util.List;
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
        Planned step = plan(account, delta, reservedDelta, type, refs, purchasedFloor);
        CreditAccountRepository.Account after = step.account();
        accounts.updateBalances(after.userId(), after.balances(), after.reserved());
        accounts.append(after.userId(), type, delta, step.entry().balanceAfter(), step.entry().refs());
        return after;
    }

    /**
     * Writes planned changes one by one: the account as it stands after them and their
     * ledger rows (for callers that are not folded into one statement).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    CreditAccountRepository.Account write(CreditAccountRepository.Account after, List<Entry> entries) {
        if (entries.isEmpty()) {
            return after;
        }
        accounts.updateBalances(after.userId(), after.balances(), after.reserved());
        for (Entry entry : entries) {
            accounts.append(after.userId(), entry.type(), entry.delta(), entry.balanceAfter(), entry.refs());
        }
        return after;
    }

    /**
     * The account after {@code delta} and the ledger row that records it, without writing
     * either (the caller writes them, possibly with other rows, in one statement); the
     * same rules as
     * {@link #apply(CreditAccountRepository.Account, Buckets, long, TransactionType, LedgerRefs)}.
     */
    Planned plan(CreditAccountRepository.Account account, Buckets delta, long reservedDelta, TransactionType type,
            LedgerRefs refs) {
        return plan(account, delta, reservedDelta, type, refs, Math.min(0, account.balances().purchased()));
    }

    /**
     * Plans like {@link #plan} with the purchased bucket allowed down to
     * {@code purchasedFloor}.
     */
    Planned plan(CreditAccountRepository.Account account, Buckets delta, long reservedDelta, TransactionType type,
            LedgerRefs refs, long purchasedFloor) {
        Buckets after = account.balances().plus(delta);
        long reserved = Math.addExact(account.reserved(), reservedDelta);
        if (after.monthly() < 0 || after.rollover() < 0 || after.purchased() < purchasedFloor || reserved < 0) {
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
