package dev.prpm.playground.billing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.stripe.StripeClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
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
        if (properties.enabled() && properties.mode() == BillingProperties.Mode.DEV) {
            requireLocalDevRun(environment);
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

    /**
     * Dev billing grants credits without payment, so it refuses to start anywhere but a
     * local developer run: the dev profile and a loopback-only bind.
     */
    static void requireLocalDevRun(Environment environment) {
        boolean devProfile = environment.acceptsProfiles(Profiles.of("dev"));
        String address = environment.getProperty("server.address", "");
        if (!devProfile || !isLoopback(address)) {
            throw new IllegalStateException("prpm.billing.mode=dev (PRPM_BILLING_MODE) completes checkouts without "
                    + "payment, so it needs the dev profile and server.address on the loopback (e.g. 127.0.0.1); "
                    + "active profiles: " + Arrays.toString(environment.getActiveProfiles()) + ", server.address: "
                    + (address.isBlank() ? "(all interfaces)" : address)
                    + ". Use prpm.billing.mode=stripe, or prpm.billing.enabled=false");
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return !address.isBlank() && InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }

}
