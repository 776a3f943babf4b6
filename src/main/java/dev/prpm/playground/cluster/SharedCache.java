package dev.prpm.playground.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * The cache level shared by all instances (Redis). Failures count as misses (fail open).
 * In single-node mode there is no shared level: every read misses and writes are dropped.
 */
public interface SharedCache {

    Optional<String> get(String key);

    void put(String key, String value, Duration ttl);

    /**
     * Stores {@code value} unless the entry holds a higher or equal {@code stamp}, so a
     * slow writer holding an older value can never overwrite a newer one.
     */
    void putIfNewer(String key, long stamp, String value, Duration ttl);

    /** The value stored by {@link #putIfNewer}. */
    Optional<String> getStamped(String key);

    /**
     * The level's name in metrics: {@code redis}, or {@code none} in single-node mode.
     */
    String name();

}
