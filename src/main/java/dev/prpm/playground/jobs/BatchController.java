package dev.prpm.playground.jobs;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.idempotency.Idempotency;
import dev.prpm.playground.ratelimit.RunRateLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "Jobs")
class BatchController {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final BatchService batches;

    private final Idempotency idempotency;

    private final RunRateLimits rateLimits;

    BatchController(BatchService batches, Idempotency idempotency, RunRateLimits rateLimits) {
        this.batches = batches;
        this.idempotency = idempotency;
        this.rateLimits = rateLimits;
    }

    @PostMapping("/api/v1/playground/batches")
    @Operation(summary = "Run a package over inputs × models from one credit hold; Idempotency-Key supported",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<?> submit(CurrentUser user, @Valid @RequestBody BatchRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        // One permit per batch: its cells are queued (at most the per-user cap run at
        // once)
        // and paid from the envelope, so the per-minute run limit guards the submission.
        rateLimits.admit(user, 1);
        return idempotency.execute(user.id(), key, "playground.batches", request, () -> {
            BatchViews.Submitted submitted = batches.submit(user, request);
            return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(submitted.pollUrl())).body(submitted);
        });
    }

    @GetMapping("/api/v1/playground/batches/{id}")
    @Operation(summary = "The batch's matrix and totals per model; CSV with Accept: text/csv or format=csv",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<?> get(CurrentUser user, @PathVariable UUID id,
            @RequestParam(required = false) @Pattern(regexp = "json|csv") String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        BatchViews.BatchView batch = batches.get(user, id);
        boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains("text/csv"));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (format != null) {
            response.header(HttpHeaders.CONTENT_DISPOSITION,
                    "attachment; filename=\"batch-" + id + "." + format + "\"");
        }
        if (csv) {
            return response.contentType(CSV).body(BatchExport.csv(batch));
        }
        return response.contentType(MediaType.APPLICATION_JSON).body(batch);
    }

    @DeleteMapping("/api/v1/playground/batches/{id}")
    @Operation(summary = "Cancel the cells not done yet; the rest of the credit hold is released",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<BatchViews.BatchView> cancel(CurrentUser user, @PathVariable UUID id) {
        BatchViews.BatchView batch = batches.cancel(user, id);
        return batch.finishedAt() == null ? ResponseEntity.accepted().body(batch) : ResponseEntity.ok(batch);
    }

}
