package dev.prpm.playground.usage;

import dev.prpm.playground.runs.RunCompleted;
import dev.prpm.playground.runs.RunFailed;
import dev.prpm.playground.sessions.SessionRated;
import dev.prpm.playground.common.AfterCommit;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Usage rows from the run and session events. Runs are handled synchronously: a completed
 * run's row joins the run's commit transaction (SPEC: session, settlement and usage
 * commit together); a failed run's row is written on its own. Ratings are handled after
 * commit.
 */
@Component
class UsageRecorder {

    private final UsageLog usage;

    private final RecentOutputs recentOutputs;

    UsageRecorder(UsageLog usage, RecentOutputs recentOutputs) {
        this.usage = usage;
        this.recentOutputs = recentOutputs;
    }

    @EventListener
    void on(RunCompleted run) {
        usage
            .record(new UsageRecord(
                    run.runId(), run.userId(), run.packageId(), run
                        .packageVersionId(),
                    run.sessionId(), run.servedBy(), run.provider(), run.fallbackFrom(), run.tokensIn(),
                    run.tokensOut(), run.credits(), run.durationMs(), run.partial() ? "stream_interrupted" : null,
                    run.at(), new UsageRecord.Receipt(run.paidMonthly(), run.paidRollover(), run.paidPurchased(),
                            run.attempts(), run.priceVersion())),
                    run.userTier());
        AfterCommit.run("usage.recent_outputs", () -> recentOutputs.recorded(run.packageId(), run.servedBy()));
    }

    @EventListener
    void on(RunFailed run) {
        usage.record(
                new UsageRecord(run.runId(), run.userId(), run.packageId(), run.packageVersionId(), null, run.model(),
                        run.provider(), null, 0, 0, 0, run.durationMs(), run.errorCode(), run.at(), null),
                run.userTier());
    }

    /**
     * Ratings only feed analytics and may lag: handled after commit, retried from the
     * registry.
     */
    @ApplicationModuleListener
    void on(SessionRated event) {
        usage.rate(event.sessionId(), event.userId(), event.rating());
    }

}
