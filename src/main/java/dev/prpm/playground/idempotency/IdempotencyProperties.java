package dev.prpm.playground.idempotency;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency-Key settings, validated at startup.
 *
 * @param lease how long an {@code in_progress} claim holds its key; after that (its
 * instance crashed) a retry takes it over. Keep it above the longest a request can run
 * (provider timeouts × attempts, plus a fallback), or a slow first attempt and its retry
 * could both run.
 */
@Validated
@ConfigurationProperties("prpm.idempotency")
record IdempotencyProperties(@NotNull @DefaultValue("10m") Duration lease) {
}
