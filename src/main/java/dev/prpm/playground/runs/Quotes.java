package dev.prpm.playground.runs;

import dev.prpm.playground.providers.ModelCatalog;
import java.util.OptionalInt;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The quote before a run (issue #16, item 1): the hold that will be placed (input plus
 * the whole output allowance, so the charge can never exceed it), the charge to expect
 * (input plus the package's typical answer length on this model, when there is history),
 * and the largest output allowance the balance affords when the hold does not fit.
 */
@Component
class Quotes {

    private final ModelCatalog models;

    private final Alternatives alternatives;

    private final ObjectProvider<OutputHistory> history;

    Quotes(ModelCatalog models, Alternatives alternatives, ObjectProvider<OutputHistory> history) {
        this.models = models;
        this.alternatives = alternatives;
        this.history = history;
    }

    Estimate quote(PreparedRun run, long available) {
        int maxOutput = run.completion().maxOutputTokens();
        OptionalInt typical = history.stream()
            .findFirst()
            .map(h -> h.typicalOutputTokens(run.prompt().packageId(), run.model().id()))
            .orElse(OptionalInt.empty());
        long expected = models.credits(run.model(),
                (long) run.inputTokens() + Math.min(maxOutput, typical.orElse(maxOutput)));
        boolean affordable = available >= run.estimate();
        Integer fitting = null;
        if (!affordable) {
            int largest = alternatives.largestFittingOutput(run.model(), run.inputTokens(), maxOutput - 1, available);
            fitting = largest > 0 ? largest : null;
        }
        return new Estimate(run.model().id(), run.model().demo(), run.inputTokens(), maxOutput, run.estimate(),
                available, affordable, run.estimate(), expected, typical.isPresent() ? typical.getAsInt() : null,
                fitting, run.withoutPrompt());
    }

}
