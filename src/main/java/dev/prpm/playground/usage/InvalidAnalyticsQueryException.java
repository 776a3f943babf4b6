package dev.prpm.playground.usage;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.List;
import java.util.Map;

/** An analytics query the API cannot answer (bad grouping or range). */
class InvalidAnalyticsQueryException extends ApiException {

    private final String field;

    InvalidAnalyticsQueryException(String field, String detail) {
        super(ErrorCode.VALIDATION_FAILED, detail);
        this.field = field;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(Map.of("field", field, "message", getMessage())));
    }

}
