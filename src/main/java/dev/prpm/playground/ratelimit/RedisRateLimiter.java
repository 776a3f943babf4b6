package dev.prpm.playground.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The sliding window as a sorted set of permit timestamps in Redis, checked and taken in
 * one Lua script (atomic on the server, clock = the Redis server's, shared by every
 * instance).
 */
final class RedisRateLimiter implements RateLimiter {

    /** KEYS[1] log; ARGV window ms, limit, permits, unique id. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SLIDING_WINDOW = RedisScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window, limit, permits = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local used = redis.call('ZCARD', KEYS[1])
            local allowed, retry = 0, window
            if used + permits <= limit then
              for i = 1, permits do redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i) end
              used = used + permits
              redis.call('PEXPIRE', KEYS[1], window)
              allowed, retry = 1, 0
            elseif permits <= limit then
              local freeing = redis.call('ZRANGE', KEYS[1], used + permits - limit - 1, used + permits - limit - 1,
                'WITHSCORES')
              retry = tonumber(freeing[2]) + window - now
            end
            local reset = window
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            if oldest[2] then reset = tonumber(oldest[2]) + window - now end
            return {allowed, limit - used, reset, retry}""", List.class);

    private final StringRedisTemplate redis;

    private final String prefix;

    RedisRateLimiter(StringRedisTemplate redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public Decision acquire(String key, int permits, int limit, Duration window) {
        List<?> result = redis.execute(SLIDING_WINDOW, List.of(prefix + key), Long.toString(window.toMillis()),
                Integer.toString(limit), Integer.toString(permits), UUID.randomUUID().toString());
        if (result == null || result.size() != 4) {
            throw new IllegalStateException("Unexpected rate limit script result " + result);
        }
        return new Decision(number(result, 0) == 1, limit, (int) Math.max(0, number(result, 1)),
                Duration.ofMillis(Math.max(0, number(result, 2))), Duration.ofMillis(Math.max(0, number(result, 3))));
    }

    private static long number(List<?> result, int index) {
        return ((Number) result.get(index)).longValue();
    }

}
