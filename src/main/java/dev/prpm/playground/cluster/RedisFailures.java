package dev.prpm.playground.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where callers report a failed Redis command they chose to survive (fail open): counted
 * in {@code prpm_redis_failures_total{operation}}, and logged as a warning at most once a
 * minute per operation so an outage does not flood the log.
 */
@Component
public class RedisFailures {

    private static final Logger log = LoggerFactory.getLogger(RedisFailures.class);

    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final MeterRegistry meters;

    private final ConcurrentMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();

    RedisFailures(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Records that {@code operation} failed and the caller went on without Redis. */
    public void failedOpen(String operation, RuntimeException failure) {
        Counter.builder("prpm.redis.failures")
            .description("Redis commands that failed; the caller went on without Redis (fail open)")
            .tag("operation", operation)
            .register(meters)
            .increment();
        long now = System.nanoTime();
        AtomicLong last = lastLogged.computeIfAbsent(operation, k -> new AtomicLong(now - LOG_EVERY.toNanos() - 1));
        long previous = last.get();
        if (now - previous > LOG_EVERY.toNanos() && last.compareAndSet(previous, now)) {
            log.warn("redis.unavailable operation={} failOpen=true error={} (logged at most once a minute)", operation,
                    failure.toString());
        }
    }

}
