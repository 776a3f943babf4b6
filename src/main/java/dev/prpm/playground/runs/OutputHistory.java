package dev.prpm.playground.runs;

import java.util.Optional;
import java.util.UUID;

/**
 * How long a package's answers on a model usually are, from past runs (implemented by the
 * usage module, which owns the run history). Holds cover the p95, quotes expect the
 * median.
 */
public interface OutputHistory {

    /**
     * The median and 95th percentile of output tokens of recent successful runs, if there
     * are enough.
     */
    Optional<Lengths> outputLengths(UUID packageId, String model);

    /** Output tokens: the median and the 95th percentile. */
    record Lengths(int median, int p95) {
    }

}
