package dev.prpm.playground.credits;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closes a hold taken before a monthly reset that has run since. Its credits belong to
 * the month that is over, so they must not land in the fresh monthly bucket: the charge
 * comes out of the hold first (in spend order), then what is left goes where the reset
 * would have put it had it not been held: monthly credits become rollover (up to the cap
 * of one month's allowance, the rest expires), rollover credits expire, purchased credits
 * return.
 */
@Component
class HoldsAcrossReset {

    private final LedgerWriter writer;

    private final CreditAccountRepository accounts;

    HoldsAcrossReset(LedgerWriter writer, CreditAccountRepository accounts) {
        this.writer = writer;
        this.accounts = accounts;
    }

    /**
     * Writes the release, the spend of {@code charge} (at most the hold) and the expiry;
     * the caller closes the reservation row.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CreditAccountRepository.Account close(CreditAccountRepository.Account account, ReservationRepository.Row row,
            long charge, LedgerRefs refs, String releaseReason) {
        Buckets held = row.held();
        Buckets spent = held.take(charge);
        long monthlyLeft = held.monthly() - spent.monthly();
        long rolloverLeft = held.rollover() - spent.rollover();
        long room = Math.max(0, account.monthlyAllowance() - account.balances().rollover());
        long kept = Math.min(monthlyLeft, room);
        long expired = rolloverLeft + monthlyLeft - kept;
        String after = " (held across the monthly reset)";

        account = writer.apply(account, new Buckets(0, held.monthly() + held.rollover(), held.purchased()),
                -row.amount(), TransactionType.RESERVATION_RELEASE, refs.withReason(releaseReason + after));
        if (charge > 0) {
            account = writer.apply(account, new Buckets(0, -(spent.monthly() + spent.rollover()), -spent.purchased()),
                    0, TransactionType.SPEND, refs);
        }
        if (expired > 0) {
            account = writer.apply(account, Buckets.of(Bucket.ROLLOVER, -expired), 0, TransactionType.EXPIRY,
                    refs.withReason("Held credits of last month expired" + after));
        }
        if (kept > 0 && account.rolloverExpiresAt() == null) {
            account = account.withCycle(account.monthlyAllowance(), account.cycleAnchor(), account.nextResetAt(),
                    account.nextResetAt());
            accounts.updateCycle(account);
        }
        return account;
    }

}
