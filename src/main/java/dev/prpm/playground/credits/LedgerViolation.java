package dev.prpm.playground.credits;

import java.util.UUID;

/**
 * An account that breaks the ledger invariants: its buckets are not the sums of its
 * ledger rows, its reserved credits are not its open holds, or something is negative.
 *
 * @param userId the account
 * @param buckets the account's buckets
 * @param ledger the per-bucket sums of its ledger rows
 * @param reserved the account's reserved credits
 * @param openHolds the sum of its active reservations
 */
public record LedgerViolation(UUID userId, Buckets buckets, Buckets ledger, long reserved, long openHolds) {

    @Override
    public String toString() {
        return "account " + userId + ": buckets " + buckets + " vs ledger " + ledger + ", reserved " + reserved
                + " vs open holds " + openHolds;
    }

}
