package dev.prpm.playground.providers;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.time.Duration;
import java.util.Map;

/**
 * The model's provider (and its fallback, if any) failed after retries, or its breaker is
 * open.
 */
final class ModelUnavailableException extends ApiException {

    private final String model;

    private final Duration retryAfter;

    ModelUnavailableException(String model, Duration retryAfter, Throwable cause) {
        super(ErrorCode.MODEL_UNAVAILABLE,
                "The model '" + model + "' is temporarily unavailable; no credits were charged. Try again shortly.",
                cause);
        this.model = model;
        this.retryAfter = retryAfter;
    }

    public String model() {
        return model;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("model", model);
    }

    @Override
    public Map<String, String> headers() {
        long seconds = retryAfter == null ? 30 : Math.max(1, retryAfter.toSeconds());
        return Map.of("Retry-After", Long.toString(seconds));
    }

}
