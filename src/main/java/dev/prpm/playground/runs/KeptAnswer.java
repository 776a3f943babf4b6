package dev.prpm.playground.runs;

import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.idempotency.Idempotency;

/**
 * An answered run whose settlement is still to commit, as plain data (it is written to
 * the settlement spool and read back, possibly by the next process): the run without its
 * provider request, the open hold, the answer, and the Idempotency-Key claim whose
 * response the settlement records ({@code null} without a key).
 */
record KeptAnswer(PreparedRun run, Reservation hold, Answer answer, long durationMs, Idempotency.ClaimRef claim) {

    static KeptAnswer of(PreparedRun run, Reservation hold, Answer answer, long durationMs,
            Idempotency.ClaimRef claim) {
        // the provider request (system prompt, full conversation) is not needed to commit
        PreparedRun data = new PreparedRun(run.runId(), run.user(), run.request(), run.prompt(), run.model(),
                run.sessionId(), run.history(), null, run.inputTokens(), run.estimate(), run.holdOutputTokens(),
                run.forkedFrom());
        return new KeptAnswer(data, hold, answer, durationMs, claim);
    }

}
