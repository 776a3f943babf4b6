package dev.prpm.playground.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Observability settings.
 *
 * @param metricsToken bearer token that opens the management endpoints other than health
 * and info ({@code /actuator/prometheus}, {@code /actuator/metrics}, ...); blank: they
 * answer 404 on the application port
 */
@Validated
@ConfigurationProperties("prpm.observability")
record ObservabilityProperties(String metricsToken) {

    ObservabilityProperties {
        if (metricsToken != null && !metricsToken.isBlank() && metricsToken.strip().length() < 16) {
            throw new IllegalArgumentException("prpm.observability.metrics-token must have at least 16 characters");
        }
    }

    boolean metricsOpen() {
        return metricsToken != null && !metricsToken.isBlank();
    }

}
