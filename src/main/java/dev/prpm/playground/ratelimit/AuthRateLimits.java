package dev.prpm.playground.ratelimit;

import dev.prpm.playground.cluster.RedisFailures;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Signups and logins per client IP (brute force, account farming), on the API and the web
 * page's forms. The IP is the connection's remote address; behind a proxy, enable
 * {@code server.forward-headers-strategy} so it is the client's (docs/scaling.md).
 */
final class AuthRateLimits implements HandlerInterceptor {

    private final RateLimiter limiter;

    private final RateLimitProperties settings;

    private final RedisFailures failures;

    private final MeterRegistry meters;

    AuthRateLimits(RateLimiter limiter, RateLimitProperties settings, RedisFailures failures, MeterRegistry meters) {
        this.limiter = limiter;
        this.settings = settings;
        this.failures = failures;
        this.meters = meters;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        RateLimiter.Decision decision;
        try {
            decision = limiter.acquire("rl:auth:" + request.getRemoteAddr(), 1, settings.authPerIp(),
                    settings.window());
        }
        catch (RuntimeException e) {
            RunRateLimits.failOpen(meters, failures, "auth", e);
            return true;
        }
        RateLimitHeaders.setOnCurrentResponse(decision);
        if (!decision.allowed()) {
            RunRateLimits.rejected(meters, "auth", RunRateLimits.ANONYMOUS);
            throw new RateLimitExceeded(
                    "Too many signups or logins from this address; limit " + settings.authPerIp() + " per minute",
                    decision);
        }
        return true;
    }

}
