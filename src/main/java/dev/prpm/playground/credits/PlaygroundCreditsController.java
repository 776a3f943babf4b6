package dev.prpm.playground.credits;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The credit routes of the original PRPM service, in its flat snake_case shapes, for the
 * {@code prpm} CLI ({@code prpm credits}, and the polling after {@code buy-credits} /
 * {@code subscribe}); docs/compatibility.md maps them to {@code /api/v1/credits}.
 */
@RestController
@Tag(name = "PRPM compatibility")
@SecurityRequirement(name = "bearer")
class PlaygroundCreditsController {

    /**
     * Internal halves of a run's hold and release: audit detail, not lines for a person.
     */
    private static final List<TransactionType> SHOWN = EnumSet
        .complementOf(EnumSet.of(TransactionType.RESERVATION_HOLD, TransactionType.RESERVATION_RELEASE))
        .stream()
        .toList();

    private final CreditQueries queries;

    PlaygroundCreditsController(CreditQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/playground/credits")
    @Operation(summary = "Balance in the original PRPM shape (flat, snake_case)")
    FlatBalance balance(CurrentUser user) {
        CreditViews.Balance balance = queries.balance(user.id());
        Buckets buckets = balance.buckets();
        return new FlatBalance(balance.balance(), balance.monthlyAllowance(),
                Math.max(0, balance.monthlyAllowance() - buckets.monthly()), balance.nextResetAt(), buckets.rollover(),
                balance.rolloverExpiresAt(), buckets.purchased(), user.tier() != Tier.FREE ? "active" : "inactive");
    }

    @GetMapping("/api/v1/playground/credits/history")
    @Operation(summary = "Newest ledger lines in the original PRPM shape: one line per run, no hold/release pairs")
    Transactions history(CurrentUser user, @RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return new Transactions(queries.history(user.id(), null, SHOWN, limit)
            .items()
            .stream()
            .map(e -> new Transaction(e.amount(), e.balanceAfter(), e.type().value(), e.reason(), e.createdAt()))
            .toList());
    }

    /**
     * {@code monthly_credits}: the plan's monthly allowance, of which
     * {@code monthly_credits_used} is spent; {@code prpm_plus_status}: active | inactive.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FlatBalance(long balance, long monthly_credits, long monthly_credits_used, Instant monthly_reset_at,
            long rollover_credits, Instant rollover_expires_at, long purchased_credits, String prpm_plus_status) {
    }

    record Transactions(List<Transaction> transactions) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Transaction(long amount, long balance_after, String transaction_type, String description,
            Instant created_at) {
    }

}
