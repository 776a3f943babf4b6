package dev.prpm.playground.ratelimit;

import dev.prpm.playground.common.Tier;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits, each counted over a sliding {@code window}.
 *
 * @param window the window every limit counts over
 * @param free runs (compare: legs) a free user may start per window
 * @param plus the same for PRPM+
 * @param org the same for members of a verified organisation
 * @param authPerIp signups and logins per client IP per window
 */
@Validated
@ConfigurationProperties("prpm.rate-limit")
record RateLimitProperties(@NotNull @DefaultValue("1m") Duration window, @Min(1) @DefaultValue("5") int free,
        @Min(1) @DefaultValue("20") int plus, @Min(1) @DefaultValue("100") int org,
        @Min(1) @DefaultValue("10") int authPerIp) {

    int runsPer(Tier tier) {
        return switch (tier) {
            case FREE -> free;
            case PLUS -> plus;
            case ORG -> org;
        };
    }

}
