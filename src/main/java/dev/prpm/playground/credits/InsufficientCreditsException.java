package dev.prpm.playground.credits;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.Map;

/**
 * The user's spendable balance is below what the operation needs; nothing was changed.
 * The message starts with "Insufficient credits" (the {@code prpm} CLI shows its buy and
 * subscribe tips only then) and says what is left.
 */
public final class InsufficientCreditsException extends ApiException {

    private final long required;

    private final long available;

    private final String purchaseUrl;

    public InsufficientCreditsException(long required, long available, String purchaseUrl) {
        super(ErrorCode.INSUFFICIENT_CREDITS,
                "Insufficient credits: this needs " + required + ", you have " + available + "; nothing was charged");
        this.required = required;
        this.available = available;
        this.purchaseUrl = purchaseUrl;
    }

    public long required() {
        return required;
    }

    public long available() {
        return available;
    }

    public String purchaseUrl() {
        return purchaseUrl;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("required", required, "available", available, "purchaseUrl", purchaseUrl);
    }

}
