package dev.prpm.playground.runs;

import java.util.OptionalInt;
import java.util.UUID;

/**
 * How long a package's answers on a model usually are, from past runs (implemented by the
 * usage module, which owns the run history). Quotes use it for the expected charge.
 */
public interface OutputHistory {

    /**
     * The 95th percentile of output tokens of recent successful runs, if there are
     * enough.
     */
    OptionalInt typicalOutputTokens(UUID packageId, String model);

}
