package dev.prpm.playground.runs;

import java.util.List;

/** Both sides of a comparison, each with its own result or error. */
record CompareResult(List<Side> results) {

    /**
     * One side: {@code status} is succeeded (with {@code result}) or failed (with
     * {@code error}).
     */
    public record Side(String status, String model, RunResult result, String error, String detail) {

        static Side success(RunResult result) {
            return new Side("succeeded", result.model(), result, null, null);
        }

        static Side failure(String model, String error, String detail) {
            return new Side("failed", model, null, error, detail);
        }
    }
}
