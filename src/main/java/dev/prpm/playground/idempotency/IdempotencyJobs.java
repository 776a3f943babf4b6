package dev.prpm.playground.idempotency;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hourly purge of idempotency keys past their 24 h lifetime. */
@Configuration(proxyBeanMethods = false)
class IdempotencyJobs {

    @Bean
    RecurringTask<Void> idempotencyPurge(Idempotency idempotency) {
        return Tasks.recurring("idempotency-purge", FixedDelay.of(Duration.ofHours(1)))
            .execute((instance, context) -> idempotency.purgeExpired());
    }

}
