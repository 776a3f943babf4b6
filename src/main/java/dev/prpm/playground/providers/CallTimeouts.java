package dev.prpm.playground.providers;

import java.time.Duration;

/**
 * Timeouts for one provider derived from its configured {@code timeout}: connecting (at
 * most 10 s), each wait for data, a whole non-streaming call, and a whole streamed answer
 * (which may legitimately run longer than one call, as long as data keeps arriving).
 */
record CallTimeouts(Duration connect, Duration read, Duration call, Duration stream) {

    private static final Duration MAX_CONNECT = Duration.ofSeconds(10);

    private static final Duration MAX_STREAM = Duration.ofMinutes(10);

    static CallTimeouts of(Duration timeout) {
        Duration connect = timeout.compareTo(MAX_CONNECT) < 0 ? timeout : MAX_CONNECT;
        Duration stream = timeout.compareTo(MAX_STREAM) > 0 ? timeout : MAX_STREAM;
        return new CallTimeouts(connect, timeout, timeout, stream);
    }
}
