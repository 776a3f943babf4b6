package dev.prpm.playground.simulator;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** A failure the simulator injects instead of a normal answer. */
public sealed interface Fault {

    /**
     * An HTTP error response in the API's own error format, with extra headers (e.g.
     * Retry-After).
     */
    record Status(int status, String errorType, Map<String, String> headers) implements Fault {
    }

    /**
     * Waits this long before answering at all (longer than the client timeout → the
     * client times out).
     */
    record Hang(Duration duration) implements Fault {
    }

    /**
     * Starts a streaming answer, sends this many text deltas, then drops the connection.
     */
    record BrokenStream(int deltasBeforeBreak) implements Fault {
    }

    /**
     * Starts a streaming answer, sends this many text deltas, then an in-stream error
     * event (e.g. overloaded_error).
     */
    record StreamError(int deltasBeforeError, String errorType) implements Fault {
    }

    static Fault rateLimited(Duration retryAfter) {
        return new Status(429, "rate_limit_error", Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    static Fault rateLimitedUntil(ZonedDateTime until) {
        return new Status(429, "rate_limit_error",
                Map.of("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(until)));
    }

    static Fault serverError() {
        return new Status(500, "api_error", Map.of());
    }

    /** Anthropic's 529 "overloaded_error". */
    static Fault overloaded() {
        return new Status(529, "overloaded_error", Map.of());
    }

    static Fault badRequest() {
        return new Status(400, "invalid_request_error", Map.of());
    }

    static Fault hang(Duration duration) {
        return new Hang(duration);
    }

    static Fault brokenStream(int deltasBeforeBreak) {
        return new BrokenStream(deltasBeforeBreak);
    }

    static Fault overloadedMidStream(int deltasBeforeError) {
        return new StreamError(deltasBeforeError, "overloaded_error");
    }

}
