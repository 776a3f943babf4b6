package dev.prpm.playground.runs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a run would hold before calling the model ({@code noPrompt}: priced without the
 * package's prompt): {@code credits} = {@code holdCredits}, the hold covering
 * {@code holdOutputTokens} of the {@code maxOutputTokens} allowance;
 * {@code expectedCredits} at the package's median answer length;
 * {@code typicalOutputTokens} its p95 (null without enough history).
 * {@code estimated_credits} is the original PRPM service's name for {@code credits}.
 */
record Estimate(String model, boolean demo, int inputTokens, int maxOutputTokens, long credits, long available,
        boolean affordable, long holdCredits, int holdOutputTokens, long expectedCredits, Integer typicalOutputTokens,
        Integer affordableMaxOutputTokens, boolean noPrompt) {

    @JsonProperty("estimated_credits")
    long estimatedCredits() {
        return credits;
    }

}
