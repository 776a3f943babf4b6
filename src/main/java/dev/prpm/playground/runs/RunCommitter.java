package dev.prpm.playground.runs;

import io.micrometer.observation.annotation.Observed;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.credits.Reservations;
import dev.prpm.playground.credits.Settlement;
import dev.prpm.playground.providers.ModelCatalog;
import dev.prpm.playground.sessions.SessionMessage;
import dev.prpm.playground.sessions.SessionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Commits a finished run in ONE transaction: the credit settlement, the session write,
 * and {@link RunCompleted} (usage writes its row in the same transaction). Settlement and
 * session are direct calls, not events: the run's response needs their answers now (the
 * charge, the balance after it, the session id), and a session deleted mid-run must fail
 * the commit (404, hold released).
 */
@Component
class RunCommitter {

    private static final int TITLE_LENGTH = 80;

    private final SessionStore sessions;

    private final Reservations reservations;

    private final ApplicationEventPublisher events;

    private final ModelCatalog models;

    private final Clock clock;

    private final PlaygroundProperties limits;

    RunCommitter(SessionStore sessions, Reservations reservations, ApplicationEventPublisher events,
            ModelCatalog models, Clock clock, PlaygroundProperties limits) {
        this.limits = limits;
        this.sessions = sessions;
        this.reservations = reservations;
        this.events = events;
        this.models = models;
        this.clock = clock;
    }

    @Observed(name = "prpm.run.commit", contextualName = "playground.commitRun")
    @Transactional
    public RunResult commit(PreparedRun run, Answer answer, Reservation hold, long durationMs) {
        return commit(run, answer, hold, durationMs, result -> {
        });
    }

    /**
     * Commits like {@link #commit(PreparedRun, Answer, Reservation, long)} and hands the
     * result to {@code inTransaction} before the transaction ends: a caller that throws
     * there rolls the whole commit back (settlement, session and usage row).
     */
    @Observed(name = "prpm.run.commit", contextualName = "playground.commitRun")
    @Transactional
    public RunResult commit(PreparedRun run, Answer answer, Reservation hold, long durationMs,
            java.util.function.Consumer<RunResult> inTransaction) {
        return commit(run, answer, durationMs, inTransaction,
                (cost, refs) -> reservations.settle(hold.id(), cost, refs));
    }

    /**
     * Commits like {@link #commit(PreparedRun, Answer, Reservation, long)}, settling with
     * {@code settler} (e.g. part of an envelope shared by several runs).
     */
    @Transactional
    public RunResult commit(PreparedRun run, Answer answer, long durationMs,
            java.util.function.Consumer<RunResult> inTransaction, Settler settler) {
        Instant now = clock.instant();
        boolean newSession = run.sessionId() == null;
        UUID sessionId = newSession ? UUID.randomUUID() : run.sessionId();
        long cost = models.credits(answer.servedBy(), (long) answer.tokensIn() + answer.tokensOut());
        String mode = run.withoutPrompt() ? ", no prompt" : "";
        Settlement settlement = settler.settle(cost,
                LedgerRefs.forRun("Playground run (" + answer.servedBy().id() + mode + ")", run.runId(), sessionId));
        Settlement.Paid paid = settlement.paid() == null ? Settlement.Paid.NOTHING : settlement.paid();
        List<SessionMessage> messages = List.of(SessionMessage.user(run.request().input(), now),
                new SessionMessage("assistant", answer.text(), answer.servedBy().id(), answer.servedBy().providerId(),
                        answer.servedBy().demo(), answer.fallbackFrom(), answer.tokensIn(), answer.tokensOut(),
                        settlement.charged(), answer.partial() ? Boolean.TRUE : null, now,
                        run.withoutPrompt() ? Boolean.TRUE : null,
                        new SessionMessage.Paid(paid.monthly(), paid.rollover(), paid.purchased())));
        if (newSession) {
            sessions.create(sessionId, run.user().id(), run.prompt().packageId(), run.prompt().versionId(),
                    title(run.request().input()), messages, settlement.charged(), run.forkedFrom());
        }
        else {
            if (!sessions.append(sessionId, run.user().id(), messages, settlement.charged(),
                    limits.maxHistoryMessages())) {
                // a concurrent run filled the conversation first: roll back, release the
                // hold
                throw new PlaygroundExceptions.ConversationTooLong(limits.maxHistoryMessages(),
                        limits.maxHistoryChars());
            }
        }
        events.publishEvent(new RunCompleted(run.runId(), run.user().id(), run.user().tier().value(),
                run.prompt().packageId(), run.prompt().versionId(), sessionId, answer.servedBy().id(),
                answer.servedBy().providerId(), answer.fallbackFrom(), answer.tokensIn(), answer.tokensOut(),
                settlement.charged(), durationMs, answer.partial(), now, paid.monthly(), paid.rollover(),
                paid.purchased(), answer.attempts(), models.priceVersion()));
        RunResult result = new RunResult(run.runId(), sessionId, sessionId, answer.text(), answer.servedBy().id(),
                answer.servedBy().providerId(), answer.servedBy().demo(), answer.fallbackFrom(),
                new RunResult.Tokens(answer.tokensIn(), answer.tokensOut()),
                new RunResult.Credits(run.estimate(), settlement.charged(), settlement.balanceAfter(),
                        settlement.overdraft()),
                durationMs, answer.partial(), run.withoutPrompt(), conversation(run.history(), messages),
                new RunResult.Receipt(paid, answer.servedBy().id(), answer.attempts(), models.priceVersion()));
        inTransaction.accept(result);
        return result;
    }

    /** Charges a run's cost against its hold. */
    interface Settler {

        Settlement settle(long cost, LedgerRefs refs);

    }

    private static List<RunResult.Turn> conversation(List<SessionMessage> history, List<SessionMessage> added) {
        return Stream.concat(history.stream(), added.stream())
            .map(m -> new RunResult.Turn(m.role(), m.content(), m.createdAt(), m.tokensOut()))
            .toList();
    }

    private static String title(String input) {
        String oneLine = input.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= TITLE_LENGTH ? oneLine : oneLine.substring(0, TITLE_LENGTH - 1) + "…";
    }

}
