package dev.prpm.playground.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Partition creation, archiving and the analytics view refresh. */
@Service
class UsageMaintenance {

    private static final Logger log = LoggerFactory.getLogger(UsageMaintenance.class);

    private static final int MONTHS_AHEAD = 3;

    private final UsageMaintenanceRepository repository;

    private final Clock clock;

    UsageMaintenance(UsageMaintenanceRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public int ensurePartitions() {
        return repository.ensurePartitions(MONTHS_AHEAD);
    }

    /**
     * Moves rows older than six months into usage_archive in one transaction; returns
     * rows moved.
     */
    @Transactional
    public int archiveOlderThanSixMonths() {
        var cutoff = clock.instant().atOffset(ZoneOffset.UTC).minusMonths(6);
        int moved = repository.archiveBefore(cutoff);
        if (moved > 0) {
            log.info("usage.archived rows={} before={}", moved, cutoff);
        }
        return moved;
    }

    public void refreshAnalytics() {
        long started = System.nanoTime();
        repository.refreshAnalytics();
        log.info("usage.analytics_refreshed durationMs={}", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

}
