package dev.prpm.playground.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the batch API returns. */
final class BatchViews {

    private BatchViews() {
    }

    /** The answer to a submission: the quote held and where to poll. */
    record Submitted(UUID batchId, String status, int cells, long quote, String pollUrl) {
    }

    /**
     * A batch: its state, the envelope (quote held, charged so far, released at the end),
     * cell counts per status, the matrix and totals per model.
     */
    record BatchView(UUID batchId, String status, UUID packageId, String version, List<String> models,
            List<String> inputs, List<BatchRequest.Assertion> assertions, Long maxCredits, Credits credits,
            Map<String, Integer> cellsByStatus, Integer assertionsPassed, List<Cell> cells, List<ModelTotals> totals,
            Instant createdAt, Instant finishedAt, String pollUrl) {
    }

    /**
     * The envelope: held at submission, charged by the cells so far, and (once closed)
     * released back to the balance.
     */
    record Credits(long quote, long charged, Long released) {
    }

    /**
     * One cell: an input run on a model, with its answer, cost and duration once it ran,
     * and the assertions' outcome ({@code passed} is null until it ended).
     */
    record Cell(int cell, int inputIndex, String model, UUID jobId, String status, int attempts, String output,
            Tokens tokens, long estimatedCredits, Long credits, Long latencyMs, Map<String, Object> error,
            List<Check> checks, Boolean passed) {
    }

    /** Tokens a cell's model reported. */
    record Tokens(int input, int output) {
    }

    /** One assertion checked on one cell. */
    record Check(String type, String value, boolean passed) {
    }

    /**
     * Totals of one model over its cells: credits charged, mean and p95 latency of the
     * cells that answered, failures, assertions passed.
     */
    record ModelTotals(String model, int cells, int succeeded, int failures, long credits, Long meanLatencyMs,
            Long p95LatencyMs, Integer passed) {
    }

}
