package dev.prpm.playground.sessions;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.prpm.playground.common.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original PRPM service's feedback route ({@code prpm playground} asks "was this
 * effective?"): stored with its comment and mapped to the session rating.
 */
@RestController
@Tag(name = "PRPM compatibility")
class FeedbackController {

    private final SessionStore sessions;

    FeedbackController(SessionStore sessions) {
        this.sessions = sessions;
    }

    @PostMapping("/api/v1/playground/feedback")
    @Operation(summary = "Was this session effective? Rates its runs 5 (yes) or 1 (no) and keeps the comment",
            security = @SecurityRequirement(name = "bearer"))
    FeedbackReceived feedback(CurrentUser user, @Valid @RequestBody FeedbackRequest request) {
        int runs = sessions.feedback(request.sessionId(), user.id(), request.effective(), request.comment());
        return new FeedbackReceived(true, request.sessionId(), request.effective() ? 5 : 1, runs);
    }

    record FeedbackRequest(@NotNull @JsonAlias("session_id") UUID sessionId,
            @NotNull @JsonAlias("is_effective") Boolean effective, @Size(max = 2000) String comment) {
    }

    record FeedbackReceived(boolean success, UUID session_id, int rating, int runs_rated) {
    }

}
