package dev.prpm.playground.credits;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.time.Instant;
import java.util.Map;

/**
 * A run would take the user past a spending cap they set themselves; nothing was held.
 */
public final class SpendingCapReachedException extends ApiException {

    private final String period;

    private final long cap;

    private final long spent;

    private final long required;

    private final Instant resetsAt;

    SpendingCapReachedException(String period, long cap, long spent, long required, Instant resetsAt) {
        super(ErrorCode.SPENDING_CAP_REACHED, "This run needs " + required + " credits but your " + period
                + " spending cap of " + cap + " has " + Math.max(0, cap - spent) + " left; it resets at " + resetsAt);
        this.period = period;
        this.cap = cap;
        this.spent = spent;
        this.required = required;
        this.resetsAt = resetsAt;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("period", period, "cap", cap, "spent", spent, "required", required, "resetsAt",
                resetsAt.toString());
    }

}
