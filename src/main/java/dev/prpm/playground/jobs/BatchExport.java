package dev.prpm.playground.jobs;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A batch's matrix as CSV (RFC 4180), one row per cell. Text that a spreadsheet would run
 * as a formula is prefixed with a quote.
 */
final class BatchExport {

    static final List<String> COLUMNS = List.of("cell", "input_index", "input", "model", "status", "attempts", "output",
            "tokens_in", "tokens_out", "estimated_credits", "credits", "latency_ms", "passed", "error");

    private BatchExport() {
    }

    static String csv(BatchViews.BatchView batch) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (BatchViews.Cell c : batch.cells()) {
            List<Object> row = List.of(c.cell(), c.inputIndex(), text(batch.inputs().get(c.inputIndex())), c.model(),
                    c.status(), c.attempts(), text(c.output()), c.tokens() == null ? "" : c.tokens().input(),
                    c.tokens() == null ? "" : c.tokens().output(), c.estimatedCredits(), orEmpty(c.credits()),
                    orEmpty(c.latencyMs()), orEmpty(c.passed()),
                    c.error() == null ? "" : text(String.valueOf(c.error().get("code"))));
            out.append(row.stream().map(v -> field(String.valueOf(v))).collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString();
    }

    private static Object orEmpty(Object value) {
        return value == null ? "" : value;
    }

    private static String text(String value) {
        if (value == null) {
            return "";
        }
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

}
