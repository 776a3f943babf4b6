package dev.prpm.playground.usage;

import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records runs (usage rows; the run metrics are {@link RunMetrics}) and user ratings.
 */
@Service
class UsageLog {

    private final UsageRepository usage;

    UsageLog(UsageRepository usage) {
        this.usage = usage;
    }

    /** Writes the usage row; joins the caller's transaction (the run's commit). */
    @Transactional
    public void record(UsageRecord record, String userType) {
        usage.insert(record);
    }

    /** Sets the rating of every run of the session; returns how many runs were rated. */
    @Transactional
    public int rate(UUID sessionId, UUID userId, int rating) {
        return usage.rate(sessionId, userId, rating);
    }

}
