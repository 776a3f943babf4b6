package dev.prpm.playground.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Meters for the traffic guards (rate limiter, prompt cache) to call:
 * {@code prpm_ratelimit_rejections_total{tier,scope}} and
 * {@code prpm_cache_requests_total{cache,result}} (hit ratio = hits / all). The usual
 * series exist from startup at zero so dashboards and alerts see them before the first
 * event.
 */
@Component
public class TrafficMetrics {

    private static final List<String> TIERS = List.of("free", "plus", "org", "anonymous");

    private final MeterRegistry meters;

    TrafficMetrics(MeterRegistry meters) {
        this.meters = meters;
        TIERS.forEach(tier -> rejections(tier, tier.equals("anonymous") ? "ip" : "user"));
        cache("prompt", "hit");
        cache("prompt", "miss");
    }

    /**
     * A request was refused by the rate limiter.
     * @param tier the caller's plan tier ({@code anonymous} for limits by IP)
     * @param scope what was limited, e.g. {@code user} or {@code ip}
     */
    public void rateLimited(String tier, String scope) {
        rejections(tier, scope).increment();
    }

    /** A cache lookup: {@code hit} true when the value came from the cache. */
    public void cacheLookup(String cache, boolean hit) {
        cache(cache, hit ? "hit" : "miss").increment();
    }

    private Counter rejections(String tier, String scope) {
        return Counter.builder("prpm.ratelimit.rejections")
            .description("Requests refused by the rate limiter")
            .tag("tier", tier)
            .tag("scope", scope)
            .register(meters);
    }

    private Counter cache(String cache, String result) {
        return Counter.builder("prpm.cache.requests")
            .description("Cache lookups by result")
            .tag("cache", cache)
            .tag("result", result)
            .register(meters);
    }

}
