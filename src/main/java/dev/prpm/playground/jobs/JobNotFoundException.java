package dev.prpm.playground.jobs;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.List;
import java.util.Map;

/** No such job for this user (someone else's job is not found either). */
final class JobNotFoundException extends ApiException {

    JobNotFoundException() {
        super(ErrorCode.NOT_FOUND, "No such job");
    }

    /** A pagination cursor this API did not issue. */
    static final class InvalidCursor extends ApiException {

        InvalidCursor() {
            super(ErrorCode.VALIDATION_FAILED, "The cursor is not valid; use the nextCursor of a previous page");
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("errors", List.of(Map.of("field", "cursor", "message", "invalid cursor")));
        }

    }

}
