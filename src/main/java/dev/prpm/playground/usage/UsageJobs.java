package dev.prpm.playground.usage;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Usage table upkeep on db-scheduler: monthly partitions created three months ahead
 * (daily), rows older than six months moved to usage_archive (daily), package analytics
 * refreshed hourly.
 */
@Configuration(proxyBeanMethods = false)
class UsageJobs {

    @Bean
    RecurringTask<Void> usagePartitions(UsageMaintenance maintenance) {
        return Tasks.recurring("usage-partitions", FixedDelay.of(Duration.ofDays(1)))
            .execute((instance, context) -> maintenance.ensurePartitions());
    }

    @Bean
    RecurringTask<Void> usageArchive(UsageMaintenance maintenance) {
        return Tasks.recurring("usage-archive", FixedDelay.of(Duration.ofDays(1)))
            .execute((instance, context) -> maintenance.archiveOlderThanSixMonths());
    }

    @Bean
    RecurringTask<Void> packageAnalyticsRefresh(UsageMaintenance maintenance) {
        return Tasks.recurring("package-analytics-refresh", FixedDelay.of(Duration.ofHours(1)))
            .execute((instance, context) -> maintenance.refreshAnalytics());
    }

}
