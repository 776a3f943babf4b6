package dev.prpm.playground.sessions;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Sessions")
class SessionController {

    private final SessionStore sessions;

    SessionController(SessionStore sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/api/v1/playground/sessions")
    @Operation(summary = "My sessions, newest first, optionally for one package",
            security = @SecurityRequirement(name = "bearer"))
    PageResponse<SessionViews.Summary> list(CurrentUser user, @RequestParam(required = false) UUID packageId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return sessions.list(user.id(), packageId, page, size);
    }

    @GetMapping("/api/v1/playground/sessions/{id}")
    @Operation(summary = "One of my sessions with its conversation", security = @SecurityRequirement(name = "bearer"))
    SessionViews.Detail get(CurrentUser user, @PathVariable UUID id) {
        return sessions.get(id, user.id());
    }

    @DeleteMapping("/api/v1/playground/sessions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete one of my sessions", security = @SecurityRequirement(name = "bearer"))
    void delete(CurrentUser user, @PathVariable UUID id) {
        sessions.delete(id, user.id());
    }

    @PatchMapping("/api/v1/playground/sessions/{id}")
    @Operation(summary = "Rename one of my sessions", security = @SecurityRequirement(name = "bearer"))
    Map<String, String> rename(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody RenameRequest request) {
        return Map.of("title", sessions.rename(id, user.id(), request.title()));
    }

    @PostMapping("/api/v1/playground/sessions/{id}/share")
    @Operation(summary = "Share a session by an unguessable link", security = @SecurityRequirement(name = "bearer"))
    SessionViews.Share share(CurrentUser user, @PathVariable UUID id) {
        return sessions.share(id, user.id());
    }

    @DeleteMapping("/api/v1/playground/sessions/{id}/share")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke the share link", security = @SecurityRequirement(name = "bearer"))
    void unshare(CurrentUser user, @PathVariable UUID id) {
        sessions.unshare(id, user.id());
    }

    @GetMapping("/api/v1/playground/shared/{token}")
    @Operation(summary = "A shared session, readable without signing in")
    SessionViews.Shared shared(@PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{32,64}") String token) {
        return sessions.shared(token);
    }

    @PostMapping("/api/v1/playground/sessions/{id}/rating")
    @Operation(summary = "Rate a session's runs 1–5", security = @SecurityRequirement(name = "bearer"))
    Map<String, Integer> rate(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody RatingRequest request) {
        return Map.of("rating", request.rating(), "runsRated", sessions.rate(id, user.id(), request.rating()));
    }

    record RenameRequest(@NotBlank @Size(max = SessionStore.TITLE_MAX) String title) {
    }

    record RatingRequest(@NotNull @Min(1) @Max(5) Integer rating) {
    }

}
