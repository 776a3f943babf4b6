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
 * the hold ({@code estimate}, covering {@code holdOutputTokens} of output) and, for a
 * rerun of a shared session, the session it was forked from.
 */
record PreparedRun(UUID runId, CurrentUser user, RunRequest request, PackageViews.Prompt prompt, ResolvedModel model,
        UUID sessionId, List<SessionMessage> history, CompletionRequest completion, int inputTokens, long estimate,
        int holdOutputTokens, UUID forkedFrom) {

    PreparedRun(UUID runId, CurrentUser user, RunRequest request, PackageViews.Prompt prompt, ResolvedModel model,
            UUID sessionId, List<SessionMessage> history, CompletionRequest completion, int inputTokens,
            long estimate) {
        this(runId, user, request, prompt, model, sessionId, history, completion, inputTokens, estimate,
                completion.maxOutputTokens(), null);
    }

    /** The same run as a fork of the shared session {@code original}. */
    PreparedRun forkOf(UUID original) {
        return new PreparedRun(runId, user, request, prompt, model, sessionId, history, completion, inputTokens,
                estimate, holdOutputTokens, original);
    }

    /** The package's prompt is left out (the "no prompt" baseline). */
    boolean withoutPrompt() {
        return request.withoutPrompt();
    }

}
