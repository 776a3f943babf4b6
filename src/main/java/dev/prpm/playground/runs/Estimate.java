package dev.prpm.playground.runs;

/** What a run would hold before calling the model. */
record Estimate(String model, boolean demo, int inputTokens, int maxOutputTokens, long credits, long available,
        boolean affordable, long holdCredits, long expectedCredits, Integer typicalOutputTokens,
        Integer affordableMaxOutputTokens) {
}
