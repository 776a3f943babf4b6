package dev.prpm.playground.usage;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.prpm.playground.runs.OutputHistory;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Median and p95 output tokens per package × model over the last 90 days, cached for 5
 * minutes once there are enough samples (until then every run asks again, so the first
 * runs of a package count at once).
 */
@Component
class RecentOutputs implements OutputHistory {

    static final int MIN_SAMPLES = 5;

    private final LoadingCache<Key, Lengths> cache;

    RecentOutputs(UsageRepository usage) {
        // A loader returning null caches nothing.
        this.cache = Caffeine.newBuilder()
            .maximumSize(5_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build(key -> usage.outputLengths(key.packageId(), key.model(), MIN_SAMPLES).orElse(null));
    }

    @Override
    public Optional<Lengths> outputLengths(UUID packageId, String model) {
        return Optional.ofNullable(cache.get(new Key(packageId, model)));
    }

    private record Key(UUID packageId, String model) {
    }

}
