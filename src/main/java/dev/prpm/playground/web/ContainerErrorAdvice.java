package dev.prpm.playground.web;

import dev.prpm.playground.common.ErrorCode;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Request defects the servlet container only notices when a handler reads the request (a
 * query string that is not valid UTF-8 percent-encoding, e.g. {@code ?q=%ff%fe}): the
 * client's fault, so 400 {@code malformed_request}, never 500. Ordered before
 * {@link ApiExceptionHandler}, whose catch-all would otherwise answer first.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ContainerErrorAdvice {

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> handleUndecodableParameters(InvalidParameterException e) {
        ProblemDetail body = ProblemResponses.problem(ErrorCode.MALFORMED_REQUEST,
                "The query string or form body is not valid percent-encoded UTF-8", Map.of());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

}
