package dev.prpm.playground.credits;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.List;
import java.util.Map;

/** A pagination cursor that this API did not issue. */
final class InvalidCursorException extends ApiException {

    InvalidCursorException(String cursor) {
        super(ErrorCode.VALIDATION_FAILED, "The cursor is not valid; use the nextCursor of a previous page");
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(Map.of("field", "cursor", "message", "invalid cursor")));
    }

}
