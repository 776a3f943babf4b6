package dev.prpm.playground.ratelimit;

import java.time.Duration;

/**
 * A sliding-window counter: at most {@code limit} permits per {@code window} for a key.
 * Taking permits is atomic (no read-then-write race across threads or instances).
 */
interface RateLimiter {

    /**
     * Takes {@code permits} if they all fit in the window (none otherwise).
     * @throws RuntimeException when the store is unreachable (callers fail open)
     */
    Decision acquire(String key, int permits, int limit, Duration window);

    /**
     * The outcome of one attempt.
     *
     * @param allowed whether the permits were taken
     * @param limit the limit applied
     * @param remaining permits left in the window after this attempt
     * @param reset until the oldest counted permit leaves the window
     * @param retryAfter until enough permits for this attempt are free (zero when
     * allowed)
     */
    record Decision(boolean allowed, int limit, int remaining, Duration reset, Duration retryAfter) {
    }

}
