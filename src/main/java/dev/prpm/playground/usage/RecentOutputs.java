package dev.prpm.playground.usage;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.prpm.playground.runs.OutputHistory;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** p95 output tokens per package × model over the last 90 days, cached for 5 minutes. */
@Component
class RecentOutputs implements OutputHistory {

    static final int MIN_SAMPLES = 5;

    private final LoadingCache<Key, OptionalInt> cache;

    RecentOutputs(UsageRepository usage) {
        this.cache = Caffeine.newBuilder()
            .maximumSize(5_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build(key -> usage.p95OutputTokens(key.packageId(), key.model(), MIN_SAMPLES));
    }

    @Override
    public OptionalInt typicalOutputTokens(UUID packageId, String model) {
        return cache.get(new Key(packageId, model));
    }

    private record Key(UUID packageId, String model) {
    }

}
