package dev.prpm.playground.web;

import dev.prpm.playground.common.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (container level) also answer with problem+json, never
 * a stack trace, naming the path that failed (not {@code /error}).
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // requested directly (not an error dispatch): there is no such resource
        int status = statusAttribute instanceof Integer value ? value
                : request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null ? 500 : 404;
        ErrorCode code = ErrorCode.forStatus(status);
        if (status >= 500) {
            log.warn("http.error_dispatch status={} path={} message={}", status,
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    request.getAttribute(RequestDispatcher.ERROR_MESSAGE),
                    request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null);
        }
        String detail = status >= 500 ? "An unexpected error occurred; quote the correlation id when reporting it"
                : code.title();
        ProblemDetail body = ProblemResponses.problem(code, detail, Map.of());
        body.setStatus(status);
        body.setInstance(failedPath(request));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static URI failedPath(HttpServletRequest request) {
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        try {
            return URI.create(path instanceof String value ? value : request.getRequestURI());
        }
        catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

}
