package dev.prpm.playground.providers;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.List;
import java.util.Map;

/** The request names a model that is not in the catalogue. */
final class UnknownModelException extends ApiException {

    private final List<String> known;

    UnknownModelException(String model, List<String> known) {
        super(ErrorCode.VALIDATION_FAILED, "Unknown model '" + model + "'; available: " + String.join(", ", known));
        this.known = known;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(Map.of("field", "model", "message", "unknown model")), "models", known);
    }

}
