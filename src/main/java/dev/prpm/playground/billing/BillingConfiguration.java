package dev.prpm.playground.billing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.stripe.StripeClient;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.ObjectMapper;

/**
 * Chooses the payment gateway: Stripe (with a configurable API base), or local completion
 * in dev mode (with its period-end simulation).
 */
@Configuration(proxyBeanMethods = false)
class BillingConfiguration {

    @Bean
    PaymentGateway paymentGateway(BillingProperties properties, Environment environment, ObjectMapper json,
            Clock clock) {
        if (properties.mode() == BillingProperties.Mode.DEV) {
            return new DevGateway(properties, environment, json, clock);
        }
        StripeClient client = StripeClient.builder()
            .setApiKey(properties.apiKey().isBlank() ? "sk_unset" : properties.apiKey())
            .setApiBase(properties.apiBase())
            .setMaxNetworkRetries(0)
            .setConnectTimeout(5_000)
            .setReadTimeout(20_000)
            .build();
        return new StripeGateway(client, properties);
    }

    @Bean
    @ConditionalOnProperty(name = "prpm.billing.mode", havingValue = "dev")
    RecurringTask<Void> devPeriodBoundaryTask(DevPeriodBoundary boundary) {
        return Tasks.recurring("billing-dev-period-boundary", FixedDelay.ofMinutes(1))
            .execute((instance, context) -> boundary.runDue());
    }

}
