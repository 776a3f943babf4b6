package dev.prpm.playground.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class BillingPropertiesValidationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(Config.class)
        .withPropertyValues("prpm.billing.packs[0].id=small", "prpm.billing.packs[0].name=Small",
                "prpm.billing.packs[0].credits=100", "prpm.billing.packs[0].amount-cents=500",
                "prpm.billing.prices.individual.price-id=price_i", "prpm.billing.prices.individual.amount-cents=600",
                "prpm.billing.prices.org.price-id=price_o", "prpm.billing.prices.org.amount-cents=200");

    @Test
    void enabledBillingWithoutWebhookSecretFailsStartupNamingTheSetting() {
        runner
            .withPropertyValues("prpm.billing.enabled=true", "prpm.billing.api-key=sk_test_x",
                    "prpm.billing.webhook-secret=")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("prpm.billing.webhook-secret")
                    .hasMessageContaining("STRIPE_WEBHOOK_SECRET");
            });
    }

    @Test
    void stripeModeWithoutApiKeyFailsStartupNamingTheSetting() {
        runner.withPropertyValues("prpm.billing.webhook-secret=whsec_x").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("STRIPE_API_KEY");
        });
    }

    @Test
    void devModeNeedsOnlyTheSecretAndDisabledBillingNeedsNothing() {
        runner.withPropertyValues("prpm.billing.mode=dev", "prpm.billing.webhook-secret=whsec_x").run(context -> {
            BillingProperties properties = context.getBean(BillingProperties.class);
            assertThat(properties.mode()).isEqualTo(BillingProperties.Mode.DEV);
            assertThat(properties.prices().monthlyCredits()).isEqualTo(200);
            assertThat(properties.pack("small")).isPresent();
            assertThat(properties.packs().getFirst().currency()).isEqualTo("usd");
        });
        runner.withPropertyValues("prpm.billing.enabled=false").run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration
    @EnableConfigurationProperties(BillingProperties.class)
    static class Config {

    }

}
