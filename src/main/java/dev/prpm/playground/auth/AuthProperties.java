package dev.prpm.playground.auth;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication settings, validated at startup.
 *
 * @param jwtSecret HMAC key for JWTs (env PRPM_JWT_SECRET), at least 32 characters
 * @param tokenTtl lifetime of an issued token
 * @param issuer JWT issuer claim
 * @param bcryptStrength BCrypt cost factor
 */
@Validated
@ConfigurationProperties("prpm.auth")
record AuthProperties(
        @NotBlank(message = "prpm.auth.jwt-secret must be set (environment variable PRPM_JWT_SECRET)") @Size(min = 32,
                message = "prpm.auth.jwt-secret must be at least 32 characters") String jwtSecret,
        @NotNull @DefaultValue("12h") Duration tokenTtl, @NotBlank @DefaultValue("prpm-playground") String issuer,
        @Min(4) @Max(16) @DefaultValue("10") int bcryptStrength) {
}
