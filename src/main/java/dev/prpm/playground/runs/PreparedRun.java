package dev.prpm.playground.runs;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.packages.PackageViews;
import dev.prpm.playground.providers.CompletionRequest;
import dev.prpm.playground.providers.ResolvedModel;
import dev.prpm.playground.sessions.SessionMessage;
import java.util.List;
import java.util.UUID;

/**
 * Everything a run needs once its input is validated: prompt, model, conversation so far,
 * estimate.
 */
record PreparedRun(UUID runId, CurrentUser user, RunRequest request, PackageViews.Prompt prompt, ResolvedModel model,
        UUID sessionId, List<SessionMessage> history, CompletionRequest completion, int inputTokens, long estimate) {

    /** The package's prompt is left out (the "no prompt" baseline). */
    boolean withoutPrompt() {
        return request.withoutPrompt();
    }

}
