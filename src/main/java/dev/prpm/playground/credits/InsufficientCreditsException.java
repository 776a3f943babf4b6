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

    private final Map<String, Object> alternatives;

    public InsufficientCreditsException(long required, long available, String purchaseUrl) {
        this(required, available, purchaseUrl, null);
    }

    private InsufficientCreditsException(long required, long available, String purchaseUrl,
            Map<String, Object> alternatives) {
        super(ErrorCode.INSUFFICIENT_CREDITS,
                "Insufficient credits: this needs " + required + ", you have " + available + "; nothing was charged");
        this.required = required;
        this.available = available;
        this.purchaseUrl = purchaseUrl;
        this.alternatives = alternatives;
    }

    /**
     * The same refusal with more ways forward (cheaper models, fewer tokens, packs and a
     * plan), added to those it already names.
     */
    public InsufficientCreditsException withAlternatives(Map<String, Object> more) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>();
        if (alternatives != null) {
            merged.putAll(alternatives);
        }
        merged.putAll(more);
        return new InsufficientCreditsException(required, available, purchaseUrl,
                java.util.Collections.unmodifiableMap(merged));
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
        return alternatives == null ? Map.of("required", required, "available", available, "purchaseUrl", purchaseUrl)
                : Map.of("required", required, "available", available, "purchaseUrl", purchaseUrl, "alternatives",
                        alternatives);
    }

}
