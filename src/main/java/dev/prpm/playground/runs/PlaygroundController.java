package dev.prpm.playground.runs;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.ErrorCode;
import dev.prpm.playground.idempotency.Idempotency;
import dev.prpm.playground.providers.ModelCatalog;
import dev.prpm.playground.ratelimit.RunRateLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(name = "Playground")
class PlaygroundController {

    private final PlaygroundService playground;

    private final StreamingRuns streaming;

    private final Idempotency idempotency;

    private final ModelCatalog models;

    private final RunDrain drain;

    private final AdmissionGate admission;

    private final RunRateLimits rateLimits;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    PlaygroundController(PlaygroundService playground, StreamingRuns streaming, Idempotency idempotency,
            ModelCatalog models, RunDrain drain, AdmissionGate admission, RunRateLimits rateLimits,
            ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
        this.admission = admission;
        this.rateLimits = rateLimits;
        this.playground = playground;
        this.streaming = streaming;
        this.idempotency = idempotency;
        this.models = models;
        this.drain = drain;
    }

    @GetMapping("/api/v1/playground/models")
    @Operation(summary = "The model catalogue (demo = served offline because no API key is configured)")
    List<ModelCatalog.ModelInfo> models() {
        return models.list();
    }

    @PostMapping("/api/v1/playground/estimate")
    @Operation(summary = "Credits a run would hold", security = @SecurityRequirement(name = "bearer"))
    Estimate estimate(CurrentUser user, @Valid @RequestBody RunRequest request) {
        return playground.estimate(user, request);
    }

    @PostMapping("/api/v1/playground/run")
    @Operation(summary = "Run a package on a model; Idempotency-Key supported",
            security = @SecurityRequirement(name = "bearer"))
    DeferredResult<ResponseEntity<?>> run(CurrentUser user, @Valid @RequestBody RunRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        admit(user, request.model());
        // the stored response commits with the charge: a retry can never be charged again
        return DetachedRuns.start("playground-run", admitted(user, 1),
                () -> idempotency.executeRecorded(user.id(), key, "playground.run", request, claim -> {
                    try {
                        return ResponseEntity.ok(playground.run(user, request, claim));
                    }
                    catch (PlaygroundExceptions.AnswerKept kept) {
                        // the settler records it when it commits the answer
                        claim.keepOnFailure();
                        throw kept;
                    }
                }));
    }

    @PostMapping("/api/v1/playground/run/stream")
    @Operation(summary = "Run with a server-sent-event token stream", security = @SecurityRequirement(name = "bearer"))
    SseEmitter stream(CurrentUser user, @Valid @RequestBody RunRequest request) {
        admit(user, request.model());
        return streaming.start(user, request);
    }

    @PostMapping("/api/v1/playground/compare")
    @Operation(summary = "Same input on two packages or models, concurrently",
            security = @SecurityRequirement(name = "bearer"))
    DeferredResult<CompareResult> compare(CurrentUser user, @Valid @RequestBody CompareRequest request) {
        admit(user, request.left().model(), request.right().model()); // a permit per leg
        return DetachedRuns.start("playground-compare", admitted(user, 2), () -> playground.compare(user, request));
    }

    /**
     * Admits the request's model calls (503 when draining or overloaded, 429 over the
     * user's concurrent runs) on the request thread; the work gives the permits back when
     * it is over.
     */
    private AutoCloseable admitted(CurrentUser user, int legs) {
        RunDrain.Ticket draining = drain.admit();
        try {
            AdmissionGate.Permit permit = admission.admit(user.id(), legs);
            return () -> {
                try (draining) {
                    permit.close();
                }
            };
        }
        catch (RuntimeException e) {
            draining.close();
            throw e;
        }
    }

    /**
     * Takes one rate-limit permit per requested run; a refusal (429) counts as a
     * {@code rate_limited} run of each requested model (RunRejected: run metrics and the
     * summary log line) before it propagates.
     */
    private void admit(CurrentUser user, String... requestedModels) {
        try {
            rateLimits.admit(user, requestedModels.length);
        }
        catch (ApiException e) {
            if (e.code() == ErrorCode.RATE_LIMIT_EXCEEDED) {
                for (String model : requestedModels) {
                    // an unknown model id is no label value: labels stay a bounded set
                    events.publishEvent(new RunRejected(UUID.randomUUID(), user.id(), user.tier().value(),
                            models.ids().contains(model) ? model : "unknown", e.code().code(), clock.instant()));
                }
            }
            throw e;
        }
    }

}
