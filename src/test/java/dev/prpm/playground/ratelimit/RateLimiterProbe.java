package dev.prpm.playground.ratelimit;

import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Lets the scaling benchmark time the package-private limiters. */
public final class RateLimiterProbe {

    private final RateLimiter limiter;

    /** The Redis limiter on {@code redis}, or the in-process one when it is null. */
    public RateLimiterProbe(StringRedisTemplate redis, String prefix) {
        this.limiter = redis == null ? new LocalRateLimiter() : new RedisRateLimiter(redis, prefix);
    }

    public boolean acquire(String key) {
        return limiter.acquire(key, 1, 1_000_000, Duration.ofMinutes(1)).allowed();
    }

}
