package dev.prpm.playground.providers;

import java.io.InterruptedIOException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * SDK-neutral classification of failed calls into {@link ProviderException}; each SDK's
 * error mapper ({@link AnthropicErrors}, {@link OpenAiErrors}) feeds it the status,
 * headers or cause.
 */
final class ProviderFailures {

    private ProviderFailures() {
    }

    /**
     * An HTTP error answer: 429 rate limited (with Retry-After), 408 timeout, 5xx (incl.
     * 529 overloaded) server error, any other status a client error.
     */
    static ProviderException fromStatus(String provider, int status, Function<String, List<String>> headers,
            Throwable cause, Clock clock) {
        ProviderException.Kind kind;
        if (status == 429) {
            kind = ProviderException.Kind.RATE_LIMITED;
        }
        else if (status == 408) {
            kind = ProviderException.Kind.TIMEOUT;
        }
        else if (status >= 500) {
            kind = ProviderException.Kind.SERVER_ERROR;
        }
        else {
            kind = ProviderException.Kind.CLIENT_ERROR;
        }
        Duration retryAfter = kind.retryable() ? retryAfter(headers, clock) : null;
        return new ProviderException(kind, status, retryAfter,
                provider + " answered HTTP " + status + " (" + kind.name().toLowerCase() + ")", cause);
    }

    /**
     * A failure without an HTTP error status: once text was streamed it broke the stream;
     * before that a timeout or connection failure.
     */
    static ProviderException fromTransport(String provider, Throwable cause, boolean streamStarted) {
        if (streamStarted) {
            return new ProviderException(ProviderException.Kind.STREAM_BROKEN, 0, null,
                    provider + " stream broke after it had started", cause);
        }
        ProviderException.Kind kind = causedBy(cause, InterruptedIOException.class) ? ProviderException.Kind.TIMEOUT
                : ProviderException.Kind.CONNECTION;
        String what = kind == ProviderException.Kind.TIMEOUT ? "timed out" : "connection failed";
        return new ProviderException(kind, 0, null, provider + " call " + what, cause);
    }

    /** The stream ended without its final event. */
    static ProviderException truncated(String provider, boolean streamStarted) {
        return fromTransport(provider, new IOException("stream ended before its final event"), streamStarted);
    }

    /**
     * {@code retry-after-ms}, or {@code Retry-After} in seconds or as an HTTP date; null
     * if absent or invalid.
     */
    static Duration retryAfter(Function<String, List<String>> headers, Clock clock) {
        String millis = first(headers, "retry-after-ms");
        if (millis != null) {
            try {
                return nonNegative(Duration.ofMillis((long) Double.parseDouble(millis)));
            }
            catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        String value = first(headers, "retry-after");
        if (value == null) {
            return null;
        }
        try {
            return nonNegative(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
        }
        catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return nonNegative(Duration.between(clock.instant(), at.toInstant()));
            }
            catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static String first(Function<String, List<String>> headers, String name) {
        List<String> values = headers.apply(name);
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? null : values.getFirst().trim();
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

}
