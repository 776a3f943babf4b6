package dev.prpm.playground.common;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Upkeep of the event publication registry, once cluster-wide (db-scheduler):
 * publications whose after-commit listener failed are resubmitted every minute; completed
 * ones are purged after a week.
 */
@Configuration(proxyBeanMethods = false)
class EventPublicationJobs {

    static final Duration RESUBMIT_AFTER = Duration.ofMinutes(1);
    static final Duration KEEP_COMPLETED = Duration.ofDays(7);

    @Bean
    RecurringTask<Void> resubmitIncompleteEvents(IncompleteEventPublications incomplete) {
        return Tasks.recurring("event-publications-resubmit", FixedDelay.of(Duration.ofMinutes(1)))
            .execute((instance, context) -> incomplete.resubmitIncompletePublicationsOlderThan(RESUBMIT_AFTER));
    }

    @Bean
    RecurringTask<Void> purgeCompletedEvents(CompletedEventPublications completed) {
        return Tasks.recurring("event-publications-purge", FixedDelay.of(Duration.ofHours(1)))
            .execute((instance, context) -> completed.deletePublicationsOlderThan(KEEP_COMPLETED));
    }

}
