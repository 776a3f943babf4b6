package dev.prpm.playground.runs;

import dev.prpm.playground.providers.ModelCatalog;
import dev.prpm.playground.providers.ResolvedModel;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * How many output tokens a hold covers (issue #16, item 1): the package's own p95 answer
 * length on the model ({@link OutputHistory}) when there is enough history, never more
 * than the run's output allowance (itself bounded by the model's maximum); the whole
 * allowance otherwise. The model may still answer up to the allowance: a run whose actual
 * usage exceeds its hold is settled by the overdraft rule (docs/credits.md).
 */
@Component
class HoldSizes {

    private final ModelCatalog models;

    private final ObjectProvider<OutputHistory> history;

    /**
     * The history bean, looked up once (resolving it through the provider on every run
     * cost ~3 % of a run's CPU); null until first use.
     */
    private volatile Optional<OutputHistory> resolved;

    HoldSizes(ModelCatalog models, ObjectProvider<OutputHistory> history) {
        this.models = models;
        this.history = history;
    }

    /** The package's answer lengths on the model, if there is enough history. */
    Optional<OutputHistory.Lengths> lengths(UUID packageId, String model) {
        Optional<OutputHistory> found = resolved;
        if (found == null) {
            found = history.stream().findFirst();
            resolved = found;
        }
        return found.flatMap(h -> h.outputLengths(packageId, model));
    }

    /** Output tokens the hold covers for an allowance of {@code allowance}. */
    int holdOutput(UUID packageId, ResolvedModel model, int allowance) {
        return lengths(packageId, model.id()).map(l -> Math.max(1, Math.min(allowance, l.p95()))).orElse(allowance);
    }

    /** The hold in credits for a run of {@code inputTokens} on {@code model}. */
    long hold(UUID packageId, ResolvedModel model, int inputTokens, int allowance) {
        return models.credits(model, (long) inputTokens + holdOutput(packageId, model, allowance));
    }

}
