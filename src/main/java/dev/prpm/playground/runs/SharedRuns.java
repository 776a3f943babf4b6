package dev.prpm.playground.runs;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.credits.CreditQueries;
import dev.prpm.playground.packages.PackageCatalog;
import dev.prpm.playground.providers.ProviderGateway;
import dev.prpm.playground.sessions.SessionStore;
import dev.prpm.playground.sessions.SessionViews;
import org.springframework.stereotype.Service;

/**
 * Fork & rerun of a shared session (issue #16, item 5): a signed-in viewer quotes, then
 * runs, the shared session's package version and first input on a model of their choice.
 * The viewer's credits pay (the hold and the settlement are on the viewer's account, the
 * owner's is never read or written); the new session is the viewer's and records
 * {@code forkedFrom}.
 */
@Service
class SharedRuns {

    private final SessionStore sessions;

    private final PackageCatalog packages;

    private final RunPreparer preparer;

    private final RunExecutor executor;

    private final ProviderGateway gateway;

    private final Quotes quotes;

    private final CreditQueries credits;

    SharedRuns(SessionStore sessions, PackageCatalog packages, RunPreparer preparer, RunExecutor executor,
            ProviderGateway gateway, Quotes quotes, CreditQueries credits) {
        this.sessions = sessions;
        this.packages = packages;
        this.preparer = preparer;
        this.executor = executor;
        this.gateway = gateway;
        this.quotes = quotes;
        this.credits = credits;
    }

    Estimate quote(CurrentUser viewer, String token, ForkRequest request) {
        return quotes.quote(prepare(viewer, token, request), credits.balance(viewer.id()).balance());
    }

    RunResult rerun(CurrentUser viewer, String token, ForkRequest request) {
        PreparedRun run = prepare(viewer, token, request);
        var hold = executor.hold(run);
        return executor.execute(run, hold, r -> Answer.of(gateway.complete(r.model(), r.completion())));
    }

    private PreparedRun prepare(CurrentUser viewer, String token, ForkRequest request) {
        SessionViews.ForkSource source = sessions.forkSource(token);
        RunRequest run = new RunRequest(source.packageId(), null, request.model(), source.input(), null,
                request.maxOutputTokens());
        return preparer.prepare(viewer, run, packages.promptOfVersion(source.packageId(), source.packageVersionId()))
            .forkOf(source.sessionId());
    }

}
