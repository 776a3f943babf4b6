package dev.prpm.playground.web;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import jakarta.validation.ConstraintViolationException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every exception to an RFC 9457 problem+json body with a stable {@code error} code.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApi(ApiException e) {
        ErrorCode code = e.code();
        if (code.status().is5xxServerError()) {
            log.warn("api.error code={} detail={}", code.code(), e.getMessage());
        }
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::add);
        return problemResponse(ProblemResponses.problem(code, e.getMessage(), e.properties()), headers);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations()
            .stream()
            .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
            .sorted(Comparator.comparing(m -> m.get("field")))
            .toList();
        return problemResponse(ProblemResponses.problem(ErrorCode.VALIDATION_FAILED,
                "One or more parameters are invalid", Map.of("errors", errors)), new HttpHeaders());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        return problemResponse(
                ProblemResponses.problem(ErrorCode.VALIDATION_FAILED,
                        "Parameter '" + e.getName() + "' has an invalid value",
                        Map.of("errors", List.of(Map.of("field", e.getName(), "message", "invalid value")))),
                new HttpHeaders());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        BodyLimitFilter.BodyTooLarge tooLarge = BodyLimitFilter.cause(e);
        if (tooLarge != null) {
            return problemResponse(BodyLimitFilter.tooLarge(tooLarge.limit), new HttpHeaders());
        }
        log.error("api.unexpected_error type={}", e.getClass().getName(), e);
        return problemResponse(
                ProblemResponses.problem(ErrorCode.INTERNAL_ERROR,
                        "An unexpected error occurred; quote the correlation id when reporting it", Map.of()),
                new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult()
            .getFieldErrors()
            .stream()
            .sorted(Comparator.comparing(FieldError::getField))
            .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
            .toList();
        ProblemDetail body = ProblemResponses.problem(ErrorCode.VALIDATION_FAILED, "One or more fields are invalid",
                Map.of("errors", errors));
        return asObject(problemResponse(body, headers));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults()
            .stream()
            .flatMap(r -> r.getResolvableErrors()
                .stream()
                .map(err -> Map.of("field", String.valueOf(r.getMethodParameter().getParameterName()), "message",
                        String.valueOf(err.getDefaultMessage()))))
            .toList();
        ProblemDetail body = ProblemResponses.problem(ErrorCode.VALIDATION_FAILED, "One or more parameters are invalid",
                Map.of("errors", errors));
        return asObject(problemResponse(body, headers));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyLimitFilter.BodyTooLarge tooLarge = BodyLimitFilter.cause(e);
        if (tooLarge != null) {
            return asObject(problemResponse(BodyLimitFilter.tooLarge(tooLarge.limit), headers));
        }
        ProblemDetail body = ProblemResponses.problem(ErrorCode.MALFORMED_REQUEST,
                "The request body is missing or is not valid JSON of the expected shape", Map.of());
        return asObject(problemResponse(body, headers));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ProblemDetail.forStatusAndDetail(status, "Request failed");
        if (status.is5xxServerError()) {
            log.error("api.framework_error status={}", status.value(), e);
            problem.setDetail("An unexpected error occurred; quote the correlation id when reporting it");
        }
        ProblemResponses.enrich(problem, ErrorCode.forStatus(status.value()));
        HttpHeaders out = new HttpHeaders(); // the framework may pass read-only headers
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(status).headers(out).body(problem);
    }

    private static ResponseEntity<ProblemDetail> problemResponse(ProblemDetail body, HttpHeaders headers) {
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(body.getStatus()).headers(out).body(body);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

}
