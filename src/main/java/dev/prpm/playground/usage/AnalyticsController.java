package dev.prpm.playground.usage;

import dev.prpm.playground.common.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Usage analytics of the signed-in user, and package statistics from the materialized
 * view {@code playground_package_stats} (refreshed hourly; the body says when).
 */
@RestController
@Tag(name = "Analytics")
class AnalyticsController {

    static final int MAX_DAYS = 366;

    private final AnalyticsRepository analytics;

    private final Clock clock;

    AnalyticsController(AnalyticsRepository analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    @GetMapping("/api/v1/analytics/usage")
    @Operation(summary = "Your runs, tokens, credits and mean/p95 latency per day, model or package",
            description = "from and to are UTC dates, both included (default: the last 30 days); at most " + MAX_DAYS
                    + " days.",
            security = @SecurityRequirement(name = "bearer"))
    UsageReport usage(CurrentUser user, @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to, @RequestParam(defaultValue = "day") String groupBy) {
        GroupBy grouping = GroupBy.parse(groupBy);
        LocalDate last = to == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : to;
        LocalDate first = from == null ? last.minusDays(29) : from;
        if (first.isAfter(last) || first.plusDays(MAX_DAYS).isBefore(last)) {
            throw new InvalidAnalyticsQueryException("from",
                    "from must not be after to, and the range is at most " + MAX_DAYS + " days");
        }
        List<UsageGroup> groups = analytics.usage(user.id(), first, last, grouping);
        return new UsageReport(first, last, grouping.name().toLowerCase(Locale.ROOT), groups);
    }

    @GetMapping({ "/api/v1/packages/{id}/stats", "/api/v1/analytics/packages/{id}" })
    @Operation(summary = "A package's runs, unique users, mean rating, credits and top models",
            description = "From the materialized view playground_package_stats; refreshedAt says how fresh it is.")
    PackageStats packageStats(@PathVariable UUID id) {
        return analytics.packageStats(id).orElseThrow(PackageStatsNotFoundException::new);
    }

    enum GroupBy {

        DAY, MODEL, PACKAGE;

        static GroupBy parse(String value) {
            for (GroupBy candidate : values()) {
                if (candidate.name().equalsIgnoreCase(value)) {
                    return candidate;
                }
            }
            throw new InvalidAnalyticsQueryException("groupBy", "groupBy is one of day, model, package");
        }

    }

    /** The report: the range (UTC dates, both included), the grouping and its groups. */
    record UsageReport(LocalDate from, LocalDate to, String groupBy, List<UsageGroup> groups) {
    }

    /**
     * One group: its key (a date, model id or package id), a label (the package name),
     * runs, failed runs, tokens, credits, mean and p95 duration.
     */
    record UsageGroup(String key, String label, long runs, long failedRuns, long tokensIn, long tokensOut, long credits,
            long meanDurationMs, long p95DurationMs) {
    }

    /** Statistics of one package; {@code refreshedAt} is the view's last refresh. */
    record PackageStats(UUID packageId, String name, long runs, long failedRuns, long uniqueUsers, Double meanRating,
            long ratings, long credits, List<ModelRuns> topModels, Instant lastRunAt, Instant refreshedAt) {
    }

    record ModelRuns(String model, long runs) {
    }

}
