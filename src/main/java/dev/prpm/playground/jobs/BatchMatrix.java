package dev.prpm.playground.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds a batch's matrix from its cells: per cell the answer, tokens, credits, latency
 * and assertion checks; per model the totals.
 */
final class BatchMatrix {

    private BatchMatrix() {
    }

    static List<BatchViews.Cell> cells(List<Job> jobs, List<BatchRequest.Assertion> assertions, int models,
            ObjectMapper json) {
        List<BatchViews.Cell> cells = new ArrayList<>();
        for (Job job : jobs) {
            JsonNode result = job.result() == null ? null : json.readTree(job.result());
            BatchViews.Tokens tokens = null;
            String output = null;
            Long credits = null;
            Long latency = null;
            List<BatchViews.Check> checks = null;
            Boolean passed = null;
            if (result != null) {
                output = result.path("output").asString();
                tokens = new BatchViews.Tokens(result.path("tokens").path("input").asInt(),
                        result.path("tokens").path("output").asInt());
                credits = result.path("credits").path("charged").asLong();
                latency = result.path("durationMs").asLong();
                checks = check(assertions, output, tokens.output());
                passed = checks.stream().allMatch(BatchViews.Check::passed);
            }
            else if (Job.FAILED.equals(job.status())) {
                passed = assertions.isEmpty() ? null : false;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> error = job.error() == null ? null : json.readValue(job.error(), Map.class);
            int cell = job.batchCell();
            cells.add(new BatchViews.Cell(cell, cell / models, job.model(), job.id(), job.status(), job.attempts(),
                    output, tokens, job.estimate(), credits, latency, error, checks, passed));
        }
        return cells;
    }

    static List<BatchViews.Check> check(List<BatchRequest.Assertion> assertions, String output, int outputTokens) {
        return assertions.stream().map(a -> new BatchViews.Check(a.type(), a.value(), switch (a.type()) {
            case "contains" -> output.contains(a.value());
            case "regex" -> Pattern.compile(a.value()).matcher(output).find();
            case "maxTokens" -> outputTokens <= Integer.parseInt(a.value());
            default -> throw new IllegalArgumentException("Unknown assertion " + a.type());
        })).toList();
    }

    static List<BatchViews.ModelTotals> totals(List<String> models, List<BatchViews.Cell> cells, boolean asserted) {
        Map<String, List<BatchViews.Cell>> byModel = new LinkedHashMap<>();
        models.forEach(m -> byModel.put(m, new ArrayList<>()));
        cells.forEach(c -> byModel.computeIfAbsent(c.model(), m -> new ArrayList<>()).add(c));
        return byModel.entrySet().stream().map(e -> {
            List<BatchViews.Cell> of = e.getValue();
            List<Long> latencies = of.stream()
                .filter(c -> Job.SUCCEEDED.equals(c.status()) && c.latencyMs() != null)
                .map(BatchViews.Cell::latencyMs)
                .sorted()
                .toList();
            Long mean = latencies.isEmpty() ? null
                    : Math.round(latencies.stream().mapToLong(Long::longValue).average().orElse(0));
            Long p95 = latencies.isEmpty() ? null : latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
            int succeeded = (int) of.stream().filter(c -> Job.SUCCEEDED.equals(c.status())).count();
            int failures = (int) of.stream().filter(c -> Job.FAILED.equals(c.status())).count();
            long credits = of.stream().mapToLong(c -> c.credits() == null ? 0 : c.credits()).sum();
            Integer passed = asserted ? (int) of.stream().filter(c -> Boolean.TRUE.equals(c.passed())).count() : null;
            return new BatchViews.ModelTotals(e.getKey(), of.size(), succeeded, failures, credits, mean, p95, passed);
        }).toList();
    }

}
