package dev.prpm.playground.credits;

import dev.prpm.playground.common.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Credits")
@SecurityRequirement(name = "bearer")
class CreditController {

    private final CreditQueries queries;

    private final SpendingCaps caps;

    CreditController(CreditQueries queries, SpendingCaps caps) {
        this.queries = queries;
        this.caps = caps;
    }

    @GetMapping("/api/v1/credits")
    @Operation(summary = "Spendable balance, per bucket, reserved, next reset, rollover expiry, forecast and caps")
    CreditViews.Overview balance(CurrentUser user) {
        return queries.overview(user.id());
    }

    @GetMapping("/api/v1/credits/spending-cap")
    @Operation(summary = "The daily and monthly spending caps you set for yourself (null: none)")
    SpendingCaps.Caps spendingCap(CurrentUser user) {
        return caps.of(user.id());
    }

    @PutMapping("/api/v1/credits/spending-cap")
    @Operation(summary = "Set or clear (null) your daily and monthly spending caps")
    SpendingCaps.Caps setSpendingCap(CurrentUser user, @Valid @RequestBody SpendingCaps.Caps requested) {
        return caps.set(user.id(), requested);
    }

    @GetMapping("/api/v1/credits/history")
    @Operation(summary = "Ledger rows, newest first, cursor-paginated, optionally filtered by type")
    CreditViews.History history(CurrentUser user, @RequestParam(required = false) @Size(max = 20) String cursor,
            @RequestParam(required = false) List<TransactionType> type,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return queries.history(user.id(), cursor, type == null ? List.of() : type, limit);
    }

}
