package dev.prpm.playground.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** The shared cache level in Redis; every failure is a miss (or a dropped write). */
final class RedisSharedCache implements SharedCache {

    /** HSET key s stamp v value, unless the stored stamp is higher or equal. */
    private static final RedisScript<Long> PUT_IF_NEWER = RedisScript.of("""
            local current = redis.call('HGET', KEYS[1], 's')
            if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 's', ARGV[1], 'v', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1""", Long.class);

    private final StringRedisTemplate redis;

    private final Cluster cluster;

    private final RedisFailures failures;

    RedisSharedCache(StringRedisTemplate redis, Cluster cluster, RedisFailures failures) {
        this.redis = redis;
        this.cluster = cluster;
        this.failures = failures;
    }

    @Override
    public Optional<String> get(String key) {
        try {
            return Optional.ofNullable(redis.opsForValue().get(cluster.key(key)));
        }
        catch (RuntimeException e) {
            failures.failedOpen("cache.get", e);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        try {
            redis.opsForValue().set(cluster.key(key), value, ttl);
        }
        catch (RuntimeException e) {
            failures.failedOpen("cache.put", e);
        }
    }

    @Override
    public void putIfNewer(String key, long stamp, String value, Duration ttl) {
        try {
            redis.execute(PUT_IF_NEWER, List.of(cluster.key(key)), Long.toString(stamp), value,
                    Long.toString(ttl.toMillis()));
        }
        catch (RuntimeException e) {
            failures.failedOpen("cache.put", e);
        }
    }

    @Override
    public Optional<String> getStamped(String key) {
        try {
            return Optional.ofNullable((String) redis.opsForHash().get(cluster.key(key), "v"));
        }
        catch (RuntimeException e) {
            failures.failedOpen("cache.get", e);
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "redis";
    }

}
