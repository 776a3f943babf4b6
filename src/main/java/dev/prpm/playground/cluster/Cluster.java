package dev.prpm.playground.cluster;

import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Whether this instance shares state through Redis, and the names it uses there.
 *
 * @param redis the shared Redis, empty in single-node mode
 * @param keyPrefix prefix of every key and channel of this deployment
 */
public record Cluster(Optional<StringRedisTemplate> redis, String keyPrefix) {

    /** The full Redis key (or channel) for a name. */
    public String key(String name) {
        return keyPrefix + name;
    }

    public boolean shared() {
        return redis.isPresent();
    }

}
