package dev.prpm.playground.runs;

import dev.prpm.playground.providers.ModelCatalog;
import dev.prpm.playground.providers.ResolvedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Ways forward when a run cannot be paid (issue #16, item 3): the other models whose hold
 * for the same input fits the balance now, with their quotes (the hold each would place,
 * see {@link HoldSizes}); and the largest output allowance that would fit on the chosen
 * model. The packs and the plan that would cover it are added by credits (from billing's
 * catalogue) before the 402 reaches here.
 */
@Component
class Alternatives {

    private final ModelCatalog models;

    private final HoldSizes holds;

    Alternatives(ModelCatalog models, HoldSizes holds) {
        this.models = models;
        this.holds = holds;
    }

    Map<String, Object> forRun(PreparedRun run, long available) {
        int maxOutput = run.completion().maxOutputTokens();
        List<Map<String, Object>> cheaper = models.ids()
            .stream()
            .filter(id -> !id.equals(run.model().id()))
            .map(models::resolve)
            .filter(model -> maxOutput <= model.maxOutputTokens())
            .map(model -> Map.<String, Object>of("model", model.id(), "credits",
                    holds.hold(run.prompt().packageId(), model, run.inputTokens(), maxOutput)))
            .filter(quote -> (long) quote.get("credits") <= available)
            .sorted((a, b) -> Long.compare((long) a.get("credits"), (long) b.get("credits")))
            .toList();
        Map<String, Object> alternatives = new LinkedHashMap<>();
        alternatives.put("models", cheaper);
        int fitting = largestFittingOutput(run.model(), run.inputTokens(), maxOutput - 1, available);
        if (fitting > 0) {
            alternatives.put("maxOutputTokens", fitting);
        }
        return alternatives;
    }

    /**
     * The largest output allowance below {@code upTo} whose hold fits; 0 when none does.
     */
    int largestFittingOutput(ResolvedModel model, int inputTokens, int upTo, long available) {
        int low = 0;
        int high = Math.max(0, upTo);
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (models.credits(model, (long) inputTokens + mid) <= available) {
                low = mid;
            }
            else {
                high = mid - 1;
            }
        }
        return low > 0 && models.credits(model, (long) inputTokens + low) <= available ? low : 0;
    }

}
