package dev.prpm.playground.playground;

/** What a run would hold before calling the model. */
public record Estimate(String model, boolean demo, int inputTokens, int maxOutputTokens, long credits,
                       long available, boolean affordable) {
}
