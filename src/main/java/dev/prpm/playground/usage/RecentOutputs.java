package dev.prpm.playground.usage;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.prpm.playground.runs.OutputHistory;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Median and p95 output tokens per package × model over the last 90 days, cached for 5
 * minutes once there are enough samples. Until then the answer "too few samples" is
 * cached for {@link #FEW_SAMPLES_TTL} only, so the first runs of a package count soon. It
 * was not cached at all before issue #15, and the cache loads a key under a lock: a burst
 * of 10,000 runs of a new package read the table one run after the other, and the runs in
 * flight waited for that instead of the model.
 */
@Component
class RecentOutputs implements OutputHistory {

    static final int MIN_SAMPLES = 5;

    static final Duration KNOWN_TTL = Duration.ofMinutes(5);

    static final Duration FEW_SAMPLES_TTL = Duration.ofSeconds(5);

    private final LoadingCache<Key, Optional<Lengths>> cache;

    @Autowired
    RecentOutputs(UsageRepository usage) {
        this(usage, Ticker.systemTicker());
    }

    RecentOutputs(UsageRepository usage, Ticker ticker) {
        this.cache = Caffeine.newBuilder()
            .maximumSize(5_000)
            .ticker(ticker)
            .expireAfter(Expiry
                .<Key, Optional<Lengths>>creating((key, lengths) -> lengths.isPresent() ? KNOWN_TTL : FEW_SAMPLES_TTL))
            .build(key -> usage.outputLengths(key.packageId(), key.model(), MIN_SAMPLES));
    }

    @Override
    public Optional<Lengths> outputLengths(UUID packageId, String model) {
        return cache.get(new Key(packageId, model));
    }

    /**
     * A run of the package on the model was recorded (and committed): a cached "too few
     * samples" is read again on the next run, so the quote after a package's fifth run
     * already uses its history; enough samples stay cached.
     */
    void recorded(UUID packageId, String model) {
        if (packageId != null && model != null) {
            cache.asMap()
                .computeIfPresent(new Key(packageId, model), (key, lengths) -> lengths.isPresent() ? lengths : null);
        }
    }

    private record Key(UUID packageId, String model) {
    }

}
