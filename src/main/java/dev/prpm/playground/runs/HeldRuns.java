package dev.prpm.playground.runs;

import io.micrometer.observation.annotation.Observed;
import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.credits.Reservations;
import dev.prpm.playground.providers.ProviderGateway;
import dev.prpm.playground.providers.TokenEstimator;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Runs whose credits are held now and that execute later, perhaps on another instance and
 * more than once (a job retried or picked up again after a crash). The caller owns the
 * hold: {@link #execute} never releases it (the caller decides between a retry and giving
 * up, then calls {@link #release}), and the commit runs the caller's check inside its
 * transaction so that only one execution can ever settle it.
 */
@Service
public class HeldRuns {

    private final RunPreparer preparer;

    private final RunExecutor executor;

    private final RunCommitter committer;

    private final ProviderGateway gateway;

    private final Reservations reservations;

    private final Finishing finishing;

    HeldRuns(RunPreparer preparer, RunExecutor executor, RunCommitter committer, ProviderGateway gateway,
            Reservations reservations, Finishing finishing) {
        this.finishing = finishing;
        this.preparer = preparer;
        this.executor = executor;
        this.committer = committer;
        this.gateway = gateway;
        this.reservations = reservations;
    }

    /**
     * Validates and prices the run and holds its estimate for {@code ttl}; 402 when the
     * balance cannot cover it. Joins the caller's transaction.
     */
    public Hold hold(CurrentUser user, RunRequest request, Duration ttl) {
        PreparedRun run = preparer.prepare(user, request);
        Reservation reservation = reservations.reserve(user.id(), run.estimate(), "job " + run.model().id(),
                LedgerRefs.forRun("Playground job", run.runId(), run.sessionId()), ttl);
        return new Hold(run.runId(), reservation.id(), run.estimate(), run.model().id());
    }

    /**
     * Calls the model (streaming, so a stop request cuts the call short) and commits. A
     * stop after output arrived commits the partial answer (charged only for what was
     * produced); a stop before any output throws {@link Stopped}. Other failures are
     * recorded as a failed run and rethrown; the hold stays open for the caller.
     */
    @Observed(name = "prpm.run", contextualName = "playground.executePrompt")
    public RunResult execute(CurrentUser user, RunRequest request, Hold hold, Control control) {
        PreparedRun fresh = preparer.prepare(user, request);
        PreparedRun run = new PreparedRun(hold.runId(), user, request, fresh.prompt(), fresh.model(), fresh.sessionId(),
                fresh.history(), fresh.completion(), fresh.inputTokens(), hold.estimate());
        Reservation reservation = new Reservation(hold.reservationId(), user.id(), hold.estimate(), null);
        long started = System.nanoTime();
        StringBuilder produced = new StringBuilder();
        Answer answer;
        try {
            answer = Answer.of(gateway.stream(run.model(), run.completion(), delta -> {
                if (control.stopRequested()) {
                    throw new Stopped();
                }
                produced.append(delta);
            }));
        }
        catch (RuntimeException e) {
            if (produced.isEmpty()) {
                if (!(e instanceof Stopped)) {
                    executor.recordFailure(run, e instanceof ApiException api ? api.code().code() : "internal_error",
                            started);
                }
                throw e;
            }
            answer = new Answer(produced.toString(), run.inputTokens(), TokenEstimator.tokens(produced.toString()),
                    run.model(), null, true, 1);
        }
        Answer answered = answer;
        long elapsed = RunExecutor.elapsedMs(started);
        if (hold.envelope()) {
            return finishing.run("settle job", () -> committer.commit(run, answered, elapsed, control::committing,
                    (cost, refs) -> reservations.settlePart(hold.reservationId(), cost, hold.estimate(), refs)));
        }
        return finishing.run("settle job",
                () -> committer.commit(run, answered, reservation, elapsed, control::committing));
    }

    /**
     * Validates and prices each run without holding anything: the quote of a batch. Joins
     * the caller's transaction.
     */
    public List<Hold> quote(CurrentUser user, List<RunRequest> requests) {
        return requests.stream().map(request -> {
            PreparedRun run = preparer.prepare(user, request);
            return new Hold(run.runId(), null, run.estimate(), run.model().id(), true);
        }).toList();
    }

    /**
     * Holds one envelope of {@code amount} for several runs (402 when the balance cannot
     * cover it); each run's {@link Hold} then names it with {@link Hold#in}, settles its
     * own part of it, and the caller releases the rest at the end. Joins the caller's
     * transaction.
     */
    public UUID holdEnvelope(CurrentUser user, long amount, String purpose, UUID batchId, Duration ttl) {
        return reservations.reserve(user.id(), amount, purpose, LedgerRefs.reason("Playground batch " + batchId), ttl)
            .id();
    }

    /**
     * Returns what is left of an envelope and answers how much that was (0 if it is
     * already closed). Joins the caller's transaction.
     */
    public long releaseEnvelope(UUID reservationId, String reason) {
        return Math.max(0, reservations.releaseRest(reservationId, reason));
    }

    /**
     * Returns the whole hold (a no-op if it is already closed). Joins the caller's
     * transaction.
     */
    public void release(Hold hold, String reason) {
        reservations.release(hold.reservationId(), reason);
    }

    /**
     * A run's credits on hold: the run id it will carry, the reservation, the estimate.
     * With {@code envelope}, the reservation is shared with other runs: this run settles
     * at most its estimate out of it and never closes it.
     */
    public record Hold(UUID runId, UUID reservationId, long estimate, String model, boolean envelope) {

        public Hold(UUID runId, UUID reservationId, long estimate, String model) {
            this(runId, reservationId, estimate, model, false);
        }

        /** This run's part of the envelope {@code reservationId}. */
        public Hold in(UUID envelopeId) {
            return new Hold(runId, envelopeId, estimate, model, true);
        }

    }

    /** How the caller steers an execution. */
    public interface Control {

        /** Polled while the model streams; true cuts the call short. */
        boolean stopRequested();

        /**
         * Called inside the commit transaction with the result; throwing rolls the commit
         * back (nothing charged, no session).
         */
        void committing(RunResult result);

    }

    /** The call was stopped (cancel, lost lease) before the model produced anything. */
    public static final class Stopped extends RuntimeException {

        Stopped() {
            super("stopped before any output", null, false, false);
        }

    }

}
