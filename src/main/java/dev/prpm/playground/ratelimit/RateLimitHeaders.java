package dev.prpm.playground.ratelimit;

import java.time.Duration;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The {@code RateLimit-*} headers (IETF draft "RateLimit header fields for HTTP"), set on
 * every response of a limited endpoint, successes included.
 */
final class RateLimitHeaders {

    static final String LIMIT = "RateLimit-Limit";

    static final String REMAINING = "RateLimit-Remaining";

    static final String RESET = "RateLimit-Reset";

    private RateLimitHeaders() {
    }

    /** Sets the headers on the response of the current request, if there is one. */
    static void setOnCurrentResponse(RateLimiter.Decision decision) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
                && servlet.getResponse() != null && !servlet.getResponse().isCommitted()) {
            servlet.getResponse().setHeader(LIMIT, Integer.toString(decision.limit()));
            servlet.getResponse().setHeader(REMAINING, Integer.toString(decision.remaining()));
            servlet.getResponse().setHeader(RESET, Long.toString(seconds(decision.reset())));
        }
    }

    /** Whole seconds, rounded up. */
    static long seconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis + 999) / 1000;
    }

}
