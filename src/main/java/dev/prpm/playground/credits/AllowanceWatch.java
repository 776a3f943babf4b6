package dev.prpm.playground.credits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Notices when a charge crosses 80 % use of the monthly allowance (issue #16, item 4).
 */
@Component
class AllowanceWatch {

    static final int NOTIFY_AT_PERCENT_USED = 80;

    private static final Logger log = LoggerFactory.getLogger(AllowanceWatch.class);

    private final ApplicationEventPublisher events;

    private final Counter notices;

    AllowanceWatch(ApplicationEventPublisher events, MeterRegistry meters) {
        this.events = events;
        this.notices = Counter.builder("prpm.credits.allowance.mostly.used")
            .description("Charges that took a monthly bucket to 20 % of the allowance or below")
            .register(meters);
    }

    void spent(CreditAccountRepository.Account after, long monthlyBefore) {
        long allowance = after.monthlyAllowance();
        if (allowance <= 0) {
            return;
        }
        long threshold = allowance * (100 - NOTIFY_AT_PERCENT_USED) / 100;
        long remaining = after.balances().monthly();
        if (monthlyBefore > threshold && remaining <= threshold) {
            notices.increment();
            log.info("credits.allowance_mostly_used userId={} allowance={} remaining={}", after.userId(), allowance,
                    remaining);
            events.publishEvent(new MonthlyAllowanceMostlyUsed(after.userId(), allowance, remaining));
        }
    }

}
