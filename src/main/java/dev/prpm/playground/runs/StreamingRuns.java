package dev.prpm.playground.runs;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.providers.ProviderGateway;
import dev.prpm.playground.providers.TokenEstimator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent-event runs: {@code start}, then {@code delta} events as tokens arrive, then
 * {@code
 * done} (the RunResult) or {@code error}. A client that disconnects, or a provider that
 * breaks mid-stream, is charged only for what was produced; nothing produced means
 * nothing charged.
 */
@Service
class StreamingRuns {

    private static final Logger log = LoggerFactory.getLogger("playground.run");

    private final RunPreparer preparer;

    private final RunExecutor executor;

    private final ProviderGateway gateway;

    private final PlaygroundProperties limits;

    private final RunDrain drain;

    private final AdmissionGate admission;

    StreamingRuns(RunPreparer preparer, RunExecutor executor, ProviderGateway gateway, PlaygroundProperties limits,
            RunDrain drain, AdmissionGate admission) {
        this.admission = admission;
        this.preparer = preparer;
        this.executor = executor;
        this.gateway = gateway;
        this.limits = limits;
        this.drain = drain;
    }

    /**
     * Validates and holds credits first (errors are ordinary problem+json responses),
     * then streams.
     */
    SseEmitter start(CurrentUser user, RunRequest request) {
        RunDrain.StreamHandle handle = drain.admitStream();
        AdmissionGate.Permit permit;
        try {
            permit = admission.admit(user.id(), 1);
        }
        catch (RuntimeException e) {
            drain.finished(handle);
            throw e;
        }
        try {
            PreparedRun run = executor.admitted(() -> preparer.prepare(user, request));
            Reservation hold = executor.admitted(() -> executor.hold(run));
            SseEmitter emitter = new SseEmitter(limits.streamTimeout().toMillis());
            Thread pump = Thread.ofVirtual()
                .name("sse-run-" + run.runId())
                .unstarted(DetachedRuns.withRequestContext(() -> {
                    try {
                        pump(run, hold, emitter, handle);
                    }
                    finally {
                        permit.close();
                        drain.finished(handle);
                    }
                }));
            handle.attach(pump);
            pump.start();
            return emitter;
        }
        catch (RuntimeException e) {
            permit.close();
            drain.finished(handle);
            throw e;
        }
    }

    private void pump(PreparedRun run, Reservation hold, SseEmitter emitter, RunDrain.StreamHandle handle) {
        long started = System.nanoTime();
        StringBuilder produced = new StringBuilder();
        try {
            send(emitter, "start", Map.of("runId", run.runId(), "model", run.model().id(), "demo", run.model().demo(),
                    "estimatedCredits", run.estimate()));
            ProviderGateway.Outcome outcome = gateway.stream(run.model(), run.completion(), delta -> {
                if (handle.cancelled()) {
                    throw new PlaygroundExceptions.ServerShuttingDown();
                }
                produced.append(delta);
                send(emitter, "delta", Map.of("text", delta));
            });
            handle.committing();
            RunResult result = executor.commit(run, hold, Answer.of(outcome), started);
            send(emitter, "done", result);
            emitter.complete();
        }
        catch (ClientGone gone) {
            log.info("playground.run.client_disconnected producedChars={}", produced.length());
            endEarly(run, hold, produced, started, gone);
            emitter.complete();
        }
        catch (RuntimeException e) {
            RuntimeException cause = handle.cancelled() ? new PlaygroundExceptions.ServerShuttingDown() : e;
            RunResult partial = endEarly(run, hold, produced, started, cause);
            sendQuietly(emitter, "error", problem(cause, partial));
            emitter.complete();
        }
    }

    /**
     * Charges what was produced (committing the partial answer) or, if nothing was,
     * releases everything.
     */
    private RunResult endEarly(PreparedRun run, Reservation hold, StringBuilder produced, long started,
            RuntimeException cause) {
        if (produced.isEmpty()) {
            executor.fail(run, hold, cause, started);
            return null;
        }
        Answer answer = new Answer(produced.toString(), run.inputTokens(), TokenEstimator.tokens(produced.toString()),
                run.model(), null, true, 1);
        try {
            return executor.commit(run, hold, answer, started);
        }
        catch (RuntimeException commitFailure) {
            return null;
        }
    }

    private static Map<String, Object> problem(RuntimeException e, RunResult partial) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (e instanceof ApiException api) {
            body.put("error", api.code().code());
            body.put("status", api.code().status().value());
            body.put("detail", partial == null ? api.getMessage() : partialDetail(api));
            api.headers().forEach((name, value) -> {
                if (name.equals("Retry-After")) {
                    body.put("retryAfter", Integer.valueOf(value));
                }
            });
        }
        else {
            log.error("playground.run.stream_failed", e);
            body.put("error", "internal_error");
            body.put("status", 500);
            body.put("detail", "An unexpected error occurred; quote the correlation id when reporting it");
        }
        body.put("message", body.get("detail"));
        body.put("correlationId", MDC.get("correlationId"));
        body.put("traceId", MDC.get("traceId"));
        if (partial != null) {
            body.put("partial", partial);
        }
        body.values().removeIf(java.util.Objects::isNull);
        return body;
    }

    private static String partialDetail(ApiException e) {
        return e instanceof PlaygroundExceptions.ServerShuttingDown
                ? "The server is shutting down; the part received is saved and you were charged only for it"
                : "The model stopped mid-answer; you were charged only for the part received";
    }

    private static void send(SseEmitter emitter, String event, Object data) {
        try {
            emitter.send(SseEmitter.event().name(event).data(data));
        }
        catch (IOException | IllegalStateException e) {
            throw new ClientGone(e);
        }
    }

    private static void sendQuietly(SseEmitter emitter, String event, Object data) {
        try {
            send(emitter, event, data);
        }
        catch (ClientGone ignored) {
            // the client is gone; nothing left to tell it
        }
    }

    /** The client closed the connection (or the emitter timed out). */
    static final class ClientGone extends RuntimeException {

        ClientGone(Throwable cause) {
            super("client disconnected", cause);
        }

    }

}
