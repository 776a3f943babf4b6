package dev.prpm.playground.packages;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.prpm.playground.cluster.Broadcasts;
import dev.prpm.playground.cluster.SharedCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.ObjectMapper;

/**
 * What every run reads about its package, in two levels: L1 in this process (Caffeine,
 * 500 entries, 5 min) and L2 shared by all instances (Redis, 1 h), loaded from PostgreSQL
 * on a miss. Versions never change once published, so their entries are never stale; only
 * a package's head (summary, latest version, version list) moves, and a publish rewrites
 * it in L2 (a slower writer holding an older head cannot overwrite it: entries carry the
 * number of versions) and drops it from L1 on every instance (broadcast). Hits and misses
 * per level: {@code prpm_package_cache_requests_total{level,result}}.
 */
@Component
class PackageCache {

    static final String PUBLISHED_TOPIC = "packages.published";

    static final Duration L1_TTL = Duration.ofMinutes(5);

    static final int L1_SIZE = 500;

    static final Duration L2_TTL = Duration.ofHours(1);

    private final Cache<String, Object> local = Caffeine.newBuilder()
        .maximumSize(L1_SIZE)
        .expireAfterWrite(L1_TTL)
        .build();

    private final SharedCache shared;

    private final PackageRepository packages;

    private final ObjectMapper json;

    private final Broadcasts broadcasts;

    private final Counter l1Hits;

    private final Counter l1Misses;

    private final Counter l2Hits;

    private final Counter l2Misses;

    PackageCache(SharedCache shared, PackageRepository packages, ObjectMapper json, Broadcasts broadcasts,
            MeterRegistry meters) {
        this.shared = shared;
        this.packages = packages;
        this.json = json;
        this.broadcasts = broadcasts;
        this.l1Hits = counter(meters, "l1", "hit");
        this.l1Misses = counter(meters, "l1", "miss");
        this.l2Hits = counter(meters, "l2", "hit");
        this.l2Misses = counter(meters, "l2", "miss");
        broadcasts.subscribe(PUBLISHED_TOPIC, packageId -> local.invalidate(headKey(UUID.fromString(packageId))));
    }

    /** A package and the list of its versions, newest first. */
    record Head(PackageViews.Summary summary, List<String> versions) {

        long stamp() {
            return versions.size();
        }

    }

    Optional<Head> head(UUID packageId) {
        String key = headKey(packageId);
        return cached(key, () -> shared.getStamped(key).map(text -> json.readValue(text, Head.class)),
                () -> loadHead(packageId),
                head -> shared.putIfNewer(key, head.stamp(), json.writeValueAsString(head), L2_TTL));
    }

    Optional<PackageViews.Version> version(UUID packageId, String version) {
        String key = "pkg:v:" + packageId + ":" + version;
        return cached(key, () -> shared.get(key).map(text -> json.readValue(text, PackageViews.Version.class)),
                () -> packages.version(packageId, version),
                found -> shared.put(key, json.writeValueAsString(found), L2_TTL));
    }

    Optional<PackageViews.Version> versionById(UUID packageId, UUID versionId) {
        String key = "pkg:vid:" + packageId + ":" + versionId;
        return cached(key, () -> shared.get(key).map(text -> json.readValue(text, PackageViews.Version.class)),
                () -> packages.versionById(packageId, versionId),
                found -> shared.put(key, json.writeValueAsString(found), L2_TTL));
    }

    /**
     * After the publishing transaction commits: the new head goes to L2, and every
     * instance (this one at once) drops its L1 copy.
     */
    @TransactionalEventListener
    void on(PackageVersionPublished event) {
        String key = headKey(event.packageId());
        loadHead(event.packageId())
            .ifPresent(head -> shared.putIfNewer(key, head.stamp(), json.writeValueAsString(head), L2_TTL));
        local.invalidate(key);
        broadcasts.publish(PUBLISHED_TOPIC, event.packageId().toString());
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> cached(String key, Supplier<Optional<T>> fromShared, Supplier<Optional<T>> fromDatabase,
            java.util.function.Consumer<T> toShared) {
        Object hit = local.getIfPresent(key);
        if (hit != null) {
            l1Hits.increment();
            return Optional.of((T) hit);
        }
        l1Misses.increment();
        Function<String, Object> loader = k -> {
            Optional<T> level2 = fromShared.get();
            if (level2.isPresent()) {
                l2Hits.increment();
                return level2.get();
            }
            l2Misses.increment();
            Optional<T> loaded = fromDatabase.get();
            loaded.ifPresent(toShared);
            return loaded.orElse(null);
        };
        return Optional.ofNullable((T) local.get(key, loader));
    }

    private Optional<Head> loadHead(UUID packageId) {
        return packages.find(packageId).map(summary -> new Head(summary, packages.versions(packageId)));
    }

    private static String headKey(UUID packageId) {
        return "pkg:head:" + packageId;
    }

    private static Counter counter(MeterRegistry meters, String level, String result) {
        return Counter.builder("prpm.package.cache.requests")
            .description("Package cache lookups per level (l1 in-process, l2 Redis) and result")
            .tag("level", level)
            .tag("result", result)
            .register(meters);
    }

}
