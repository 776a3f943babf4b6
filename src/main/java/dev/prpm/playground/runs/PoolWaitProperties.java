package dev.prpm.playground.runs;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long work that was already admitted waits for a database connection while the pool
 * is only busy (no connection free in time, the database answering). Admission bounds how
 * many wait; a database that is down still fails at the first pool timeout
 * ({@code spring.datasource.hikari.connection-timeout}). docs/performance.md, "10,000 in
 * flight (#15)".
 *
 * @param admitted an admitted run reading its package and taking its hold; after it, 503
 * {@code service_unavailable} with nothing held
 * @param settlement a model answer being settled on the reserved connections; after it,
 * the answer is kept for the background settler (503, {@code settlement: pending})
 */
@Validated
@ConfigurationProperties("prpm.playground.pool-wait")
record PoolWaitProperties(@NotNull @DefaultValue("60s") Duration admitted,
        @NotNull @DefaultValue("60s") Duration settlement) {
}
