package dev.prpm.playground.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.common.ErrorCode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void frameworkStatusesMapToStableCodes() {
        assertThat(ErrorCode.forStatus(400)).isEqualTo(ErrorCode.MALFORMED_REQUEST);
        assertThat(ErrorCode.forStatus(401)).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(ErrorCode.forStatus(403)).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(ErrorCode.forStatus(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorCode.forStatus(405)).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(ErrorCode.forStatus(406)).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
        assertThat(ErrorCode.forStatus(409)).isEqualTo(ErrorCode.CONFLICT);
        assertThat(ErrorCode.forStatus(413)).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(ErrorCode.forStatus(415)).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ErrorCode.forStatus(429)).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED);
        assertThat(ErrorCode.forStatus(503)).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(ErrorCode.forStatus(502)).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(ErrorCode.forStatus(418)).isEqualTo(ErrorCode.MALFORMED_REQUEST);
    }

    @Test
    void codesAreUniqueSnakeCaseAndSpecCodesHaveTheirStatus() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates()
            .allMatch(code -> code.matches("[a-z]+(_[a-z]+)*"));
        assertThat(ErrorCode.INSUFFICIENT_CREDITS.status().value()).isEqualTo(402);
        assertThat(ErrorCode.RATE_LIMIT_EXCEEDED.status().value()).isEqualTo(429);
        assertThat(ErrorCode.MODEL_UNAVAILABLE.status().value()).isEqualTo(503);
        assertThat(ErrorCode.VALIDATION_FAILED.title()).isNotBlank();
    }

}
