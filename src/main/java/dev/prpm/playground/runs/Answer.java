package dev.prpm.playground.runs;

import dev.prpm.playground.providers.ProviderGateway;
import dev.prpm.playground.providers.ResolvedModel;

/**
 * What the model produced (all of it, or the part streamed before the run was cut short).
 */
record Answer(String text, int tokensIn, int tokensOut, ResolvedModel servedBy, String fallbackFrom, boolean partial,
        int attempts) {

    static Answer of(ProviderGateway.Outcome outcome) {
        return new Answer(outcome.completion().text(), outcome.completion().inputTokens(),
                outcome.completion().outputTokens(), outcome.servedBy(), outcome.fallbackFrom(), false,
                outcome.attempts());
    }
}
