package dev.prpm.playground.runs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a run would hold before calling the model ({@code noPrompt}: priced without the
 * package's prompt); {@code estimated_credits} is the original PRPM service's name for
 * {@code credits}.
 */
record Estimate(String model, boolean demo, int inputTokens, int maxOutputTokens, long credits, long available,
        boolean affordable, long holdCredits, long expectedCredits, Integer typicalOutputTokens,
        Integer affordableMaxOutputTokens, boolean noPrompt) {

    @JsonProperty("estimated_credits")
    long estimatedCredits() {
        return credits;
    }

}
