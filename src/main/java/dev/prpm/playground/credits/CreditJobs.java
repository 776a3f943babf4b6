package dev.prpm.playground.credits;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Recurring credit jobs on db-scheduler (cluster-safe: one instance runs each execution):
 * the reaper releases holds whose TTL passed, the cycle runs due billing anniversaries,
 * the audit checks the ledger invariants.
 */
@Configuration(proxyBeanMethods = false)
class CreditJobs {

    static final int BATCH = 500;

    @Bean
    RecurringTask<Void> creditHoldReaper(Reservations reservations, CreditProperties properties) {
        return Tasks.recurring("credits-hold-reaper", FixedDelay.of(properties.reaperInterval()))
            .execute((instance, context) -> reservations.releaseExpired(BATCH));
    }

    @Bean
    RecurringTask<Void> creditInvariantCheck(LedgerAudit audit, CreditProperties properties) {
        return Tasks.recurring("credits-invariant-check", FixedDelay.of(properties.auditInterval()))
            .execute((instance, context) -> audit.check());
    }

    @Bean
    RecurringTask<Void> creditMonthlyCycle(MonthlyCycle cycle, CreditProperties properties) {
        return Tasks.recurring("credits-monthly-cycle", FixedDelay.of(properties.cycleInterval()))
            .execute((instance, context) -> {
                while (cycle.runDue(BATCH) == BATCH) {
                    // keep going while full batches come back
                }
            });
    }

}
