package dev.prpm.playground.runs;

import io.micrometer.observation.annotation.Observed;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.packages.PackageCatalog;
import dev.prpm.playground.packages.PackageViews;
import dev.prpm.playground.providers.ChatMessage;
import dev.prpm.playground.providers.CompletionRequest;
import dev.prpm.playground.providers.ModelCatalog;
import dev.prpm.playground.providers.ResolvedModel;
import dev.prpm.playground.providers.TokenEstimator;
import dev.prpm.playground.sessions.SessionMessage;
import dev.prpm.playground.sessions.SessionStore;
import dev.prpm.playground.sessions.SessionViews;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Validates a run against the catalogue, the package and the conversation, and prices it
 * (without the package's prompt for a "no prompt" baseline run).
 */
@Component
class RunPreparer {

    private final PackageCatalog packages;

    private final ModelCatalog models;

    private final SessionStore sessions;

    private final PlaygroundProperties limits;

    private final HoldSizes holds;

    RunPreparer(PackageCatalog packages, ModelCatalog models, SessionStore sessions, PlaygroundProperties limits,
            HoldSizes holds) {
        this.holds = holds;
        this.packages = packages;
        this.models = models;
        this.sessions = sessions;
        this.limits = limits;
    }

    @Observed(name = "prpm.run.prepare", contextualName = "playground.loadPackage")
    PreparedRun prepare(CurrentUser user, RunRequest request) {
        return prepare(user, request, null);
    }

    /**
     * Prepares a run; {@code pinned} (a fork of a shared session) is the package version
     * to run instead of the request's.
     */
    PreparedRun prepare(CurrentUser user, RunRequest request, PackageViews.Prompt pinned) {
        ResolvedModel model = models.resolve(request.model());
        int maxOutput = request.maxOutputTokens() == null ? models.defaultMaxOutputTokens() : request.maxOutputTokens();
        if (maxOutput > model.maxOutputTokens()) {
            throw new PlaygroundExceptions.InvalidRun("maxOutputTokens",
                    "Model " + model.id() + " allows at most " + model.maxOutputTokens() + " output tokens");
        }
        List<ChatMessage> messages = new ArrayList<>();
        List<SessionMessage> history = List.of();
        PackageViews.Prompt prompt;
        UUID sessionId = request.conversationId();
        if (pinned != null) {
            prompt = pinned;
        }
        else if (sessionId == null) {
            prompt = packages.prompt(request.packageId(), request.version());
        }
        else {
            SessionViews.History conversation = sessions.history(sessionId, user.id());
            if (!conversation.packageId().equals(request.packageId())) {
                throw new PlaygroundExceptions.InvalidRun("conversationId",
                        "The conversation belongs to another package; start a new one for this package");
            }
            checkHistoryLimits(conversation.messages());
            prompt = packages.promptOfVersion(conversation.packageId(), conversation.packageVersionId());
            history = conversation.messages();
            history.forEach(m -> messages.add(toChat(m)));
        }
        messages.add(ChatMessage.user(request.input()));
        String systemPrompt = request.withoutPrompt() ? null : prompt.snippet();
        CompletionRequest completion = new CompletionRequest(model.upstream(), systemPrompt, messages, maxOutput);
        int inputTokens = TokenEstimator.inputTokens(systemPrompt, messages);
        int holdOutput = holds.holdOutput(prompt.packageId(), model, maxOutput);
        long estimate = models.credits(model, (long) inputTokens + holdOutput);
        return new PreparedRun(UUID.randomUUID(), user, request, prompt, model, sessionId, history, completion,
                inputTokens, estimate, holdOutput, null);
    }

    private void checkHistoryLimits(List<SessionMessage> history) {
        int chars = history.stream().mapToInt(m -> m.content().length()).sum();
        if (history.size() + 2 > limits.maxHistoryMessages() || chars > limits.maxHistoryChars()) {
            throw new PlaygroundExceptions.ConversationTooLong(limits.maxHistoryMessages(), limits.maxHistoryChars());
        }
    }

    private static ChatMessage toChat(SessionMessage message) {
        return "assistant".equals(message.role()) ? ChatMessage.assistant(message.content())
                : ChatMessage.user(message.content());
    }

}
