package dev.prpm.playground.runs;

import io.micrometer.observation.annotation.Observed;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.credits.CreditQueries;
import dev.prpm.playground.credits.InsufficientCreditsException;
import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.credits.Reservations;
import dev.prpm.playground.idempotency.Idempotency;
import dev.prpm.playground.providers.ProviderGateway;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/** Estimate, run and compare. */
@Service
class PlaygroundService {

    private final RunPreparer preparer;

    private final RunExecutor executor;

    private final ProviderGateway gateway;

    private final Reservations reservations;

    private final CreditQueries credits;

    private final Quotes quotes;

    PlaygroundService(RunPreparer preparer, RunExecutor executor, ProviderGateway gateway, Reservations reservations,
            CreditQueries credits, Quotes quotes) {
        this.quotes = quotes;
        this.preparer = preparer;
        this.executor = executor;
        this.gateway = gateway;
        this.reservations = reservations;
        this.credits = credits;
    }

    public Estimate estimate(CurrentUser user, RunRequest request) {
        PreparedRun run = preparer.prepare(user, request);
        return quotes.quote(run, credits.balance(user.id()).balance());
    }

    @Observed(name = "prpm.run", contextualName = "playground.executePrompt")
    public RunResult run(CurrentUser user, RunRequest request) {
        return run(user, request, Idempotency.Claim.none());
    }

    /**
     * Runs; the response is recorded for {@code claim} inside the transaction that
     * charges it (or, for an answer kept for later settlement, when that settlement
     * commits).
     */
    @Observed(name = "prpm.run", contextualName = "playground.executePrompt")
    public RunResult run(CurrentUser user, RunRequest request, Idempotency.Claim claim) {
        PreparedRun run = executor.admitted(() -> preparer.prepare(user, request));
        Reservation hold = executor.admitted(() -> executor.hold(run));
        return executor.execute(run, hold, this::callModel, claim);
    }

    /**
     * Runs the same input on two packages or models concurrently. Both holds are taken up
     * front (402 for the total if the balance cannot cover both); each side then settles
     * or releases on its own outcome.
     */
    @Observed(name = "prpm.run.compare", contextualName = "playground.comparePrompts")
    public CompareResult compare(CurrentUser user, CompareRequest request) {
        PreparedRun left = preparer.prepare(user, request.left().toRun(request.input()));
        PreparedRun right = preparer.prepare(user, request.right().toRun(request.input()));
        Reservation leftHold = executor.hold(left);
        Reservation rightHold;
        try {
            rightHold = executor.hold(right);
        }
        catch (InsufficientCreditsException e) {
            reservations.release(leftHold.id(), "Compare could not hold both sides");
            // The shortfall is the same as the right side's: its packs and plan still
            // cover it.
            Map<String, Object> ways = new java.util.LinkedHashMap<>();
            if (e.properties().get("alternatives") instanceof Map<?, ?> alternatives) {
                java.util.stream.Stream.of("packs", "plan")
                    .filter(alternatives::containsKey)
                    .forEach(key -> ways.put(key, alternatives.get(key)));
            }
            throw new InsufficientCreditsException(left.estimate() + right.estimate(), left.estimate() + e.available(),
                    e.purchaseUrl())
                .withAlternatives(ways);
        }
        Map<String, String> context = MDC.getCopyOfContextMap();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<CompareResult.Side> a = pool.submit(() -> side(context, left, leftHold));
            Future<CompareResult.Side> b = pool.submit(() -> side(context, right, rightHold));
            return new CompareResult(List.of(await(a), await(b)));
        }
    }

    private CompareResult.Side side(Map<String, String> context, PreparedRun run, Reservation hold) {
        if (context != null) {
            MDC.setContextMap(context);
        }
        try {
            return CompareResult.Side.success(executor.execute(run, hold, this::callModel));
        }
        catch (ApiException e) {
            return CompareResult.Side.failure(run.model().id(), e.code().code(), e.getMessage());
        }
    }

    private Answer callModel(PreparedRun run) {
        return Answer.of(gateway.complete(run.model(), run.completion()));
    }

    private static CompareResult.Side await(Future<CompareResult.Side> future) {
        try {
            return future.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while comparing", e);
        }
        catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

}
