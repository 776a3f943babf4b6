package dev.prpm.playground.credits;

/**
 * Outcome of settling a reservation: credits charged, the spendable balance after, and
 * which buckets paid the charge ({@code paid} is null when a settlement is replayed).
 * {@code overdraft}: the part of the charge owed because neither the hold nor the balance
 * covered it (included in {@code charged} and in {@code paid.purchased});
 * {@code writtenOff}: actual usage beyond the overdraft limit, not charged (logged and
 * counted).
 */
public record Settlement(long charged, long balanceAfter, Paid paid, long overdraft, long writtenOff) {

    public Settlement(long charged, long balanceAfter, Paid paid) {
        this(charged, balanceAfter, paid, 0, 0);
    }

    /** The charge split by bucket, in spend order. */
    public record Paid(long monthly, long rollover, long purchased) {

        public static final Paid NOTHING = new Paid(0, 0, 0);

    }

}
