package dev.prpm.playground.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Single-node sliding window: a queue of permit times per key, in memory, on the
 * monotonic clock. Idle keys are dropped after an hour.
 */
final class LocalRateLimiter implements RateLimiter {

    private final Cache<String, Deque<Long>> logs = Caffeine.newBuilder()
        .expireAfterAccess(Duration.ofHours(1))
        .maximumSize(1_000_000)
        .build();

    @Override
    public Decision acquire(String key, int permits, int limit, Duration window) {
        Deque<Long> log = logs.get(key, k -> new ArrayDeque<>());
        long windowNanos = window.toNanos();
        synchronized (log) {
            long now = System.nanoTime();
            while (!log.isEmpty() && now - log.peekFirst() >= windowNanos) {
                log.pollFirst();
            }
            boolean allowed = log.size() + permits <= limit;
            Duration retry = Duration.ZERO;
            if (allowed) {
                for (int i = 0; i < permits; i++) {
                    log.addLast(now);
                }
            }
            else {
                retry = permits > limit ? window : untilLeaves(log, log.size() + permits - limit - 1, now, windowNanos);
            }
            Duration reset = log.isEmpty() ? window : untilLeaves(log, 0, now, windowNanos);
            return new Decision(allowed, limit, Math.max(0, limit - log.size()), reset, retry);
        }
    }

    private static Duration untilLeaves(Deque<Long> log, int index, long now, long windowNanos) {
        Iterator<Long> it = log.iterator();
        long at = it.next();
        for (int i = 0; i < index; i++) {
            at = it.next();
        }
        return Duration.ofNanos(Math.max(0, at + windowNanos - now));
    }

}
