package dev.prpm.playground.providers;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.Map;

/**
 * The provider refused the request itself (a 4xx other than 429), so retrying cannot
 * help.
 */
final class ModelRejectedException extends ApiException {

    private final String model;

    ModelRejectedException(String model, Throwable cause) {
        super(ErrorCode.MODEL_REJECTED, "The model '" + model + "' rejected the request (for example, the "
                + "conversation is too long for it); no credits were charged.", cause);
        this.model = model;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("model", model);
    }

}
