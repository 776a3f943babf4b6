package dev.prpm.playground.credits;

/**
 * Outcome of settling a reservation: credits charged, the spendable balance after, and
 * which buckets paid the charge ({@code paid} is null when a settlement is replayed).
 */
public record Settlement(long charged, long balanceAfter, Paid paid) {

    /** The charge split by bucket, in spend order. */
    public record Paid(long monthly, long rollover, long purchased) {

        public static final Paid NOTHING = new Paid(0, 0, 0);

    }

}
