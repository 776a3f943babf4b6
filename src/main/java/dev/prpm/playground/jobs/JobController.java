package dev.prpm.playground.jobs;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.idempotency.Idempotency;
import dev.prpm.playground.ratelimit.RunRateLimits;
import dev.prpm.playground.runs.RunRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
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
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Validated
@Tag(name = "Jobs")
class JobController {

    private final JobService jobs;

    private final Idempotency idempotency;

    private final RunRateLimits rateLimits;

    private final JobEvents events;

    JobController(JobService jobs, Idempotency idempotency, RunRateLimits rateLimits, JobEvents events) {
        this.rateLimits = rateLimits;
        this.jobs = jobs;
        this.idempotency = idempotency;
        this.events = events;
    }

    @PostMapping("/api/v1/playground/jobs")
    @Operation(summary = "Queue a run (same body as a run); credits are held now; Idempotency-Key supported",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<?> submit(CurrentUser user, @Valid @RequestBody RunRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        rateLimits.admit(user, 1);
        return idempotency.execute(user.id(), key, "playground.jobs", request, () -> {
            JobViews.Submitted submitted = jobs.submit(user, request);
            return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(submitted.pollUrl())).body(submitted);
        });
    }

    @GetMapping("/api/v1/playground/jobs/{id}")
    @Operation(summary = "A job's state and, once done, its result; waitSeconds (≤ 30) long-polls until it ends",
            security = @SecurityRequirement(name = "bearer"))
    JobViews.JobView get(CurrentUser user, @PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) @Max(30) int waitSeconds) {
        return jobs.get(user, id, waitSeconds);
    }

    @GetMapping("/api/v1/playground/jobs/{id}/events")
    @Operation(summary = "The job's status changes as server-sent events (status ..., then done with the result)",
            security = @SecurityRequirement(name = "bearer"))
    SseEmitter events(CurrentUser user, @PathVariable UUID id) {
        return events.stream(user, id);
    }

    @GetMapping("/api/v1/playground/jobs")
    @Operation(summary = "The user's jobs, newest first, cursor-paginated",
            security = @SecurityRequirement(name = "bearer"))
    JobViews.JobPage list(CurrentUser user, @RequestParam(required = false) @Size(max = 20) String cursor,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return jobs.list(user, cursor, limit);
    }

    @DeleteMapping("/api/v1/playground/jobs/{id}")
    @Operation(
            summary = "Cancel a job: a queued one is released at once, a running one stops and pays what it produced",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<JobViews.JobView> cancel(CurrentUser user, @PathVariable UUID id) {
        JobViews.JobView job = jobs.cancel(user, id);
        return Job.RUNNING.equals(job.status()) ? ResponseEntity.accepted().body(job) : ResponseEntity.ok(job);
    }

}
