package dev.prpm.playground.runs;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.packages.PackageViews;
import dev.prpm.playground.providers.CompletionRequest;
import dev.prpm.playground.providers.ResolvedModel;
import java.util.UUID;

/**
 * Everything a run needs once its input is validated: prompt, model, conversation,
 * estimate.
 */
record PreparedRun(UUID runId, CurrentUser user, RunRequest request, PackageViews.Prompt prompt, ResolvedModel model,
        UUID sessionId, CompletionRequest completion, int inputTokens, long estimate) {
}
