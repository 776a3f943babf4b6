package dev.prpm.playground.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class AuthPropertiesValidationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(Config.class);

    @Test
    void missingJwtSecretFailsStartupNamingTheSetting() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("prpm.auth.jwt-secret")
                .hasMessageContaining("PRPM_JWT_SECRET");
        });
    }

    @Test
    void shortJwtSecretIsRejected() {
        runner.withPropertyValues("prpm.auth.jwt-secret=short").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("at least 32 characters");
        });
    }

    @Test
    void aGoodSecretStarts() {
        runner.withPropertyValues("prpm.auth.jwt-secret=0123456789abcdef0123456789abcdef")
            .run(context -> assertThat(context.getBean(AuthProperties.class).tokenTtl().toHours()).isEqualTo(12));
    }

    @Configuration
    @EnableConfigurationProperties(AuthProperties.class)
    static class Config {

    }

}
