package dev.prpm.playground.runs;

import io.micrometer.observation.annotation.Observed;
import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.credits.InsufficientCreditsException;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.credits.Reservations;
import dev.prpm.playground.idempotency.Idempotency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The life of one prepared run: hold credits, call the model, commit — or, on any
 * failure, release the hold, record the failed run, and leave no session behind.
 */
@Component
class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger("playground.run");

    private final Reservations reservations;

    private final RunCommitter committer;

    private final ApplicationEventPublisher events;

    private final Alternatives alternatives;

    private final Clock clock;

    private final Finishing finishing;

    private final BackgroundSettler settler;

    private final Counter answersLost;

    RunExecutor(Reservations reservations, RunCommitter committer, ApplicationEventPublisher events,
            Alternatives alternatives, Clock clock, Finishing finishing, BackgroundSettler settler,
            MeterRegistry registry) {
        this.finishing = finishing;
        this.settler = settler;
        this.answersLost = BackgroundSettler.answersLost(registry);
        this.reservations = reservations;
        this.alternatives = alternatives;
        this.committer = committer;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Database work of an admitted run before anything is held, waiting for a busy pool
     * ({@link Finishing#admitted}).
     */
    <T> T admitted(Supplier<T> work) {
        return finishing.admitted(work);
    }

    @Observed(name = "prpm.credit.hold", contextualName = "playground.holdCredits")
    Reservation hold(PreparedRun run) {
        MDC.put("packageId", run.prompt().packageId().toString());
        MDC.put("runId", run.runId().toString());
        log.info("playground.run.start model={} estimate={} noPrompt={}", run.model().id(), run.estimate(),
                run.withoutPrompt());
        String what = "run " + run.model().id() + (run.withoutPrompt() ? " without prompt" : "");
        try {
            return reservations.reserve(run.user().id(), run.estimate(), what,
                    LedgerRefs.forRun("Playground run", run.runId(), run.sessionId()));
        }
        catch (InsufficientCreditsException e) {
            events.publishEvent(new RunRejected(run.runId(), run.user().id(), run.user().tier().value(),
                    run.model().id(), e.code().code(), clock.instant()));
            throw e.withAlternatives(alternatives.forRun(run, e.available()));
        }
    }

    /**
     * Calls the model through {@code call} and commits; releases and records the failure
     * otherwise.
     */
    RunResult execute(PreparedRun run, Reservation hold, Function<PreparedRun, Answer> call) {
        return execute(run, hold, call, Idempotency.Claim.none());
    }

    /**
     * Like the above; the response is recorded for {@code claim} inside the commit's
     * transaction.
     */
    RunResult execute(PreparedRun run, Reservation hold, Function<PreparedRun, Answer> call, Idempotency.Claim claim) {
        long started = System.nanoTime();
        Answer answer;
        try {
            answer = call.apply(run);
        }
        catch (RuntimeException e) {
            fail(run, hold, e, started);
            throw e;
        }
        return commit(run, hold, answer, started, claim);
    }

    /**
     * Settles and saves the answer on the reserved connections, retrying connection
     * timeouts; if there is still no connection the answer is kept for the
     * {@link BackgroundSettler} ({@link PlaygroundExceptions.AnswerKept}), never dropped.
     */
    RunResult commit(PreparedRun run, Reservation hold, Answer answer, long started) {
        return commit(run, hold, answer, started, Idempotency.Claim.none());
    }

    /**
     * Like the above; the response is recorded for {@code claim} inside the commit's
     * transaction (also when the background settler commits a kept answer, from the
     * claim's data).
     */
    RunResult commit(PreparedRun run, Reservation hold, Answer answer, long started, Idempotency.Claim claim) {
        long durationMs = elapsedMs(started);
        try {
            RunResult result = finishing.run("settle", () -> committer.commit(run, answer, hold, durationMs,
                    answered -> claim.record(HttpStatus.OK.value(), answered)));
            log.info("playground.run.success model={} tokensIn={} tokensOut={} credits={} durationMs={} partial={}",
                    result.model(), answer.tokensIn(), answer.tokensOut(), result.credits().charged(),
                    result.durationMs(), answer.partial());
            return result;
        }
        catch (RuntimeException e) {
            if (Finishing.noConnection(e)) {
                settler.keep(run, hold, answer, durationMs, claim.ref());
                throw new PlaygroundExceptions.AnswerKept(run.runId());
            }
            answersLost.increment();
            fail(run, hold, e, started);
            throw e;
        }
    }

    /**
     * Releases the hold and writes the failed run's usage row (no session, no charge).
     */
    void fail(PreparedRun run, Reservation hold, RuntimeException cause, long started) {
        String code = switch (cause) {
            case ApiException api -> api.code().code();
            case StreamingRuns.ClientGone gone -> "client_disconnected";
            default -> "internal_error";
        };
        try {
            finishing.run("release", () -> reservations.release(hold.id(), "Run failed: " + code));
        }
        catch (RuntimeException releaseFailure) {
            log.error("playground.run.release_failed reservationId={} (the reaper will release it)", hold.id(),
                    releaseFailure);
        }
        recordFailure(run, code, started);
        log.warn("playground.run.error model={} error={} detail={}", run.model().id(), code, cause.getMessage());
    }

    /** Writes the failed run's usage row (through {@link RunFailed}). */
    void recordFailure(PreparedRun run, String code, long started) {
        try {
            events.publishEvent(new RunFailed(run.runId(), run.user().id(), run.user().tier().value(),
                    run.prompt().packageId(), run.prompt().versionId(), run.model().id(), run.model().providerId(),
                    code, elapsedMs(started), clock.instant()));
        }
        catch (RuntimeException usageFailure) {
            log.warn("playground.run.usage_failed runId={}", run.runId(), usageFailure);
        }
    }

    static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

}
