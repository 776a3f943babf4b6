package dev.prpm.playground.credits;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Optional daily and monthly spending caps a user sets for themselves. Periods are UTC
 * calendar days and months. Checked when a hold is placed, under the account row lock, so
 * concurrent runs cannot pass a cap together: spend in the period = settled charges
 * closed in it + every open hold + the new hold.
 */
@Service
class SpendingCaps {

    private final SpendingCapRepository caps;

    private final Clock clock;

    SpendingCaps(SpendingCapRepository caps, Clock clock) {
        this.caps = caps;
        this.clock = clock;
    }

    Caps of(UUID userId) {
        return caps.find(userId).orElse(Caps.NONE);
    }

    @Transactional
    Caps set(UUID userId, Caps requested) {
        caps.save(userId, requested);
        return requested;
    }

    /** Throws when holding {@code amount} more would pass one of the user's caps. */
    void check(UUID userId, long amount) {
        check(userId, amount, of(userId));
    }

    /** Like {@link #check(UUID, long)} with the user's caps already read. */
    void check(UUID userId, long amount, Caps set) {
        if (set.daily() != null) {
            checkPeriod(userId, amount, set.daily(), "daily", today(), today().plusDays(1));
        }
        if (set.monthly() != null) {
            checkPeriod(userId, amount, set.monthly(), "monthly", today().withDayOfMonth(1),
                    today().withDayOfMonth(1).plusMonths(1));
        }
    }

    private void checkPeriod(UUID userId, long amount, long cap, String period, LocalDate since, LocalDate resetsOn) {
        long committed = caps.committedSince(userId, since);
        if (committed + amount > cap) {
            throw new SpendingCapReachedException(period, cap, committed, amount,
                    resetsOn.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Caps in credits; null means no cap for that period. */
    record Caps(@Min(1) @Max(10_000_000) Long daily, @Min(1) @Max(100_000_000) Long monthly) {

        static final Caps NONE = new Caps(null, null);

    }

}
