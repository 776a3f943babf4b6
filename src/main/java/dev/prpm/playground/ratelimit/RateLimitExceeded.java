package dev.prpm.playground.ratelimit;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.Map;

/** 429: the caller used up a rate limit; {@code retryAfter} says when to try again. */
final class RateLimitExceeded extends ApiException {

    private final RateLimiter.Decision decision;

    RateLimitExceeded(String detail, RateLimiter.Decision decision) {
        super(ErrorCode.RATE_LIMIT_EXCEEDED, detail);
        this.decision = decision;
    }

    long retryAfterSeconds() {
        return Math.max(1, RateLimitHeaders.seconds(decision.retryAfter()));
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("retryAfter", retryAfterSeconds(), "limit", decision.limit());
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds()), RateLimitHeaders.LIMIT,
                Integer.toString(decision.limit()), RateLimitHeaders.REMAINING, Integer.toString(decision.remaining()),
                RateLimitHeaders.RESET, Long.toString(RateLimitHeaders.seconds(decision.reset())));
    }

}
