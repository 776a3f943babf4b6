package dev.prpm.playground.auth;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The authenticated-principal cache.
 *
 * @param ttl how long a resolved user (id, email, tier) is reused without reading the
 * users table; also the longest a change made outside this instance takes to show
 * @param maxSize users kept at most
 * @param loadWait how long a principal read waits for a busy connection pool (the
 * database answering) before the request gets 503; the requests of one user share one
 * read
 */
@Validated
@ConfigurationProperties("prpm.auth.principal-cache")
record PrincipalCacheProperties(@NotNull @DefaultValue("30s") Duration ttl,
        @Min(0) @Max(10_000_000) @DefaultValue("100000") long maxSize,
        @NotNull @DefaultValue("60s") Duration loadWait) {
}
