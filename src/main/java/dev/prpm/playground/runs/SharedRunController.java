package dev.prpm.playground.runs;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.idempotency.Idempotency;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fork & rerun of a shared session by a signed-in viewer, paying from their own credits.
 */
@RestController
@Validated
@Tag(name = "Playground")
class SharedRunController {

    private static final String TOKEN = "[A-Za-z0-9_-]{32,64}";

    private final SharedRuns shared;

    private final Idempotency idempotency;

    private final RunDrain drain;

    private final AdmissionGate admission;

    SharedRunController(SharedRuns shared, Idempotency idempotency, RunDrain drain, AdmissionGate admission) {
        this.admission = admission;
        this.shared = shared;
        this.idempotency = idempotency;
        this.drain = drain;
    }

    @PostMapping("/api/v1/playground/shared/{token}/fork/estimate")
    @Operation(summary = "Quote a rerun of a shared session on a model of your choice",
            security = @SecurityRequirement(name = "bearer"))
    Estimate quote(CurrentUser user, @PathVariable @Pattern(regexp = TOKEN) String token,
            @Valid @RequestBody ForkRequest request) {
        return shared.quote(user, token, request);
    }

    @PostMapping("/api/v1/playground/shared/{token}/fork")
    @Operation(
            summary = "Rerun a shared session's package and input on your model, paid from your credits; "
                    + "the new session records forkedFrom. Idempotency-Key supported",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<?> fork(CurrentUser user, @PathVariable @Pattern(regexp = TOKEN) String token,
            @Valid @RequestBody ForkRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        try (var draining = drain.admit(); var admitted = admission.admit(user.id(), 1)) {
            // The link is part of what the key stands for: the same body on another link
            // is another request.
            return idempotency.execute(user.id(), key, "playground.fork", java.util.List.of(token, request),
                    () -> ResponseEntity.ok(shared.rerun(user, token, request)));
        }
    }

}
