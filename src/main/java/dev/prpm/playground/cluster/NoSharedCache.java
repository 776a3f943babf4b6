package dev.prpm.playground.cluster;

import java.time.Duration;
import java.util.Optional;

/** Single-node mode: no shared level; the in-process level is the only cache. */
final class NoSharedCache implements SharedCache {

    @Override
    public Optional<String> get(String key) {
        return Optional.empty();
    }

    @Override
    public void put(String key, String value, Duration ttl) {
    }

    @Override
    public void putIfNewer(String key, long stamp, String value, Duration ttl) {
    }

    @Override
    public Optional<String> getStamped(String key) {
        return Optional.empty();
    }

    @Override
    public String name() {
        return "none";
    }

}
