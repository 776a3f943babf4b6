package dev.prpm.playground.usage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** What a user spent on runs, per day (UTC) and model, for the credits page's chart. */
@Service
public class Spending {

    private final SpendingRepository spending;

    private final Clock clock;

    Spending(SpendingRepository spending, Clock clock) {
        this.spending = spending;
        this.clock = clock;
    }

    /**
     * Credits spent per day and model over the last {@code days} days (today included).
     */
    public List<Day> lastDays(UUID userId, int days) {
        LocalDate first = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days - 1L);
        Instant since = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        return spending.perDayAndModel(userId, since);
    }

    /** Credits spent on one day with one model. */
    public record Day(LocalDate day, String model, long credits) {
    }

}
