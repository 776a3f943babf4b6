package dev.prpm.playground.ratelimit;

import dev.prpm.playground.cluster.RedisFailures;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
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

    /** The tier label of rejections of callers not signed in (limits by IP). */
    static final String ANONYMOUS = "anonymous";

    private final RateLimiter limiter;

    private final RateLimitProperties settings;

    private final RedisFailures failures;

    private final MeterRegistry meters;

    RunRateLimits(RateLimiter limiter, RateLimitProperties settings, RedisFailures failures, MeterRegistry meters) {
        this.limiter = limiter;
        this.settings = settings;
        this.failures = failures;
        this.meters = meters;
        // the series exist from startup at zero, so dashboards and alerts see them before
        // the first rejection
        for (Tier tier : Tier.values()) {
            rejections(meters, "runs", tier.value());
        }
        rejections(meters, "auth", ANONYMOUS);
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

    /**
     * Counts a 429 in {@code prpm_ratelimit_rejections_total{scope,tier}}.
     * @param scope what was limited: {@code runs} (per user) or {@code auth} (per IP)
     * @param tier the caller's plan tier, {@link #ANONYMOUS} for limits by IP
     */
    static void rejected(MeterRegistry meters, String scope, String tier) {
        rejections(meters, scope, tier).increment();
    }

    private static Counter rejections(MeterRegistry meters, String scope, String tier) {
        return Counter.builder("prpm.ratelimit.rejections")
            .description("Requests refused with 429 by a rate limit")
            .tag("scope", scope)
            .tag("tier", tier)
            .register(meters);
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
