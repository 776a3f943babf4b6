package dev.prpm.playground.runs;

import dev.prpm.playground.providers.ModelCatalog;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The quote before a run (issue #16, item 1): the hold that will be placed (input plus
 * the package's p95 answer length on this model when there is history, else the whole
 * output allowance; see {@link HoldSizes}), the charge to expect (input plus the median
 * answer length), and the largest output allowance the balance affords when the hold does
 * not fit. The hold quoted is computed by the same {@link RunPreparer} as the hold a run
 * places.
 */
@Component
class Quotes {

    private final ModelCatalog models;

    private final Alternatives alternatives;

    private final HoldSizes holds;

    Quotes(ModelCatalog models, Alternatives alternatives, HoldSizes holds) {
        this.models = models;
        this.alternatives = alternatives;
        this.holds = holds;
    }

    Estimate quote(PreparedRun run, long available) {
        int maxOutput = run.completion().maxOutputTokens();
        Optional<OutputHistory.Lengths> lengths = holds.lengths(run.prompt().packageId(), run.model().id());
        int expectedOutput = Math.min(run.holdOutputTokens(),
                lengths.map(OutputHistory.Lengths::median).orElse(run.holdOutputTokens()));
        long expected = models.credits(run.model(), (long) run.inputTokens() + expectedOutput);
        boolean affordable = available >= run.estimate();
        Integer fitting = null;
        if (!affordable) {
            int largest = alternatives.largestFittingOutput(run.model(), run.inputTokens(), maxOutput - 1, available);
            fitting = largest > 0 ? largest : null;
        }
        return new Estimate(run.model().id(), run.model().demo(), run.inputTokens(), maxOutput, run.estimate(),
                available, affordable, run.estimate(), run.holdOutputTokens(), expected,
                lengths.map(OutputHistory.Lengths::p95).orElse(null), fitting, run.withoutPrompt());
    }

}
