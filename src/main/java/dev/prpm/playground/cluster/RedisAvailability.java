package dev.prpm.playground.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code prpm_redis_available}: 1 while Redis answers a PING, 0 while it does not (the
 * {@code RedisUnavailable} alert). Read at scrape time, bounded by the Redis command
 * timeout; only registered when Redis is configured.
 */
final class RedisAvailability {

    private final StringRedisTemplate redis;

    RedisAvailability(StringRedisTemplate redis, MeterRegistry meters) {
        this.redis = redis;
        Gauge.builder("prpm.redis.available", this, RedisAvailability::probe)
            .description("1 while Redis answers, 0 while it does not")
            .register(meters);
    }

    double probe() {
        try {
            String pong = redis.execute(connection -> connection.ping(), true);
            return "PONG".equalsIgnoreCase(pong) ? 1 : 0;
        }
        catch (RuntimeException e) {
            return 0;
        }
    }

}
