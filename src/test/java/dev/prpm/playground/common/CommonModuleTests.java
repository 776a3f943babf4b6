package dev.prpm.playground.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The shared kernel alone: the clock and the upkeep jobs of the event publication
 * registry.
 */
@ApplicationModuleTest(extraIncludes = "database")
@ActiveProfiles("test")
class CommonModuleTests {

    @Autowired
    Clock clock;

    @Autowired
    List<RecurringTask<?>> jobs;

    @Test
    void providesTheClockAndTheEventRegistryUpkeepJobs() {
        assertThat(clock.getZone().getId()).isIn("Z", "UTC");
        assertThat(jobs).extracting(job -> job.getName())
            .contains("event-publications-resubmit", "event-publications-purge");
    }

}
