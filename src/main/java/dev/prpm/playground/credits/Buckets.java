package dev.prpm.playground.credits;

/**
 * Amounts per bucket; as a balance every part is non-negative, as a change parts may be
 * negative.
 */
public record Buckets(long monthly, long rollover, long purchased) {

    public static final Buckets ZERO = new Buckets(0, 0, 0);

    public static Buckets of(Bucket bucket, long amount) {
        return switch (bucket) {
            case MONTHLY -> new Buckets(amount, 0, 0);
            case ROLLOVER -> new Buckets(0, amount, 0);
            case PURCHASED -> new Buckets(0, 0, amount);
        };
    }

    public long total() {
        return Math.addExact(Math.addExact(monthly, rollover), purchased);
    }

    public Buckets plus(Buckets other) {
        return new Buckets(Math.addExact(monthly, other.monthly), Math.addExact(rollover, other.rollover),
                Math.addExact(purchased, other.purchased));
    }

    public Buckets negate() {
        return new Buckets(-monthly, -rollover, -purchased);
    }

    public boolean anyNegative() {
        return monthly < 0 || rollover < 0 || purchased < 0;
    }

    /**
     * Takes {@code amount} from these balances in spend order (monthly, rollover,
     * purchased) and returns how much came from each bucket; the caller checks
     * {@code amount <= total()} first.
     */
    public Buckets take(long amount) {
        if (amount < 0 || amount > total()) {
            throw new IllegalArgumentException("Cannot take " + amount + " from " + this);
        }
        long fromMonthly = Math.min(amount, monthly);
        long fromRollover = Math.min(amount - fromMonthly, rollover);
        long fromPurchased = amount - fromMonthly - fromRollover;
        return new Buckets(fromMonthly, fromRollover, fromPurchased);
    }
}
