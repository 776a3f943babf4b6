package dev.prpm.playground.usage;

import dev.prpm.playground.common.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A run's receipt, read back later from its usage row (written in the run's own commit).
 */
@RestController
@Tag(name = "Playground")
class ReceiptController {

    private final UsageRepository usage;

    ReceiptController(UsageRepository usage) {
        this.usage = usage;
    }

    @GetMapping("/api/v1/playground/runs/{runId}/receipt")
    @Operation(summary = "What a run cost and which credit buckets paid it",
            security = @SecurityRequirement(name = "bearer"))
    Receipt receipt(CurrentUser user, @PathVariable UUID runId) {
        return usage.receipt(runId, user.id()).orElseThrow(RunNotFoundException::new);
    }

    /**
     * One charged run: the model that answered (after any fallback), tokens, credits and
     * the buckets that paid them, provider calls, and the price table used.
     */
    record Receipt(UUID runId, UUID sessionId, String model, String fallbackFrom, int attempts, Tokens tokens,
            long credits, Paid paid, String priceVersion, boolean partial, java.time.Instant createdAt) {

        record Tokens(int input, int output) {
        }

        record Paid(long monthly, long rollover, long purchased) {
        }

    }

}
