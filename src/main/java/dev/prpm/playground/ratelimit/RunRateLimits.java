package dev.prpm.playground.ratelimit;

import dev.prpm.playground.cluster.RedisFailures;
import dev.prpm.playground.common.CurrentUser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The per-user run limit by plan tier (free 5, PRPM+ 20, org 100 a minute by default).
 * Called once per run-like request before anything is held; a comparison takes one permit
 * per leg. If the limiter's store fails, the run goes ahead (fail open): availability of
 * paid runs matters more than an exact limit for the minutes Redis is away.
 */
@Component
public class RunRateLimits {

    private final RateLimiter limiter;

    private final RateLimitProperties settings;

    private final RedisFailures failures;

    private final MeterRegistry meters;

    RunRateLimits(RateLimiter limiter, RateLimitProperties settings, RedisFailures failures, MeterRegistry meters) {
        this.limiter = limiter;
        this.settings = settings;
        this.failures = failures;
        this.meters = meters;
    }

    /**
     * Takes {@code runs} permits for the user, setting the {@code RateLimit-*} headers on
     * the current response.
     * @throws RateLimitExceeded (429) when they do not fit in the user's window
     */
    public void admit(CurrentUser user, int runs) {
        int limit = settings.runsPer(user.tier());
        RateLimiter.Decision decision;
        try {
            decision = limiter.acquire("rl:runs:" + user.id(), runs, limit, settings.window());
        }
        catch (RuntimeException e) {
            failOpen(meters, failures, "runs", e);
            return;
        }
        RateLimitHeaders.setOnCurrentResponse(decision);
        if (!decision.allowed()) {
            rejected(meters, "runs", user.tier().value());
            throw new RateLimitExceeded("Rate limit of " + limit + " runs per minute for the " + user.tier().value()
                    + " plan reached" + (runs > 1 ? " (this request needs " + runs + ")" : ""), decision);
        }
    }

    static void rejected(MeterRegistry meters, String scope, String tier) {
        Counter.builder("prpm.ratelimit.rejected")
            .description("Requests refused with 429 by a rate limit")
            .tag("scope", scope)
            .tag("tier", tier)
            .register(meters)
            .increment();
    }

    static void failOpen(MeterRegistry meters, RedisFailures failures, String scope, RuntimeException e) {
        Counter.builder("prpm.ratelimit.fail.open")
            .description("Requests let through unchecked because the limiter's store failed")
            .tag("scope", scope)
            .register(meters)
            .increment();
        failures.failedOpen("ratelimit." + scope, e);
    }

}
