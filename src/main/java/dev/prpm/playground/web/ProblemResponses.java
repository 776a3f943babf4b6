package dev.prpm.playground.web;

import dev.prpm.playground.common.ErrorCode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem bodies carrying the stable {@code error} code, the correlation
 * id and {@code message} (the same text as {@code detail}: what PRPM clients show).
 */
final class ProblemResponses {

    static final String TYPE_BASE = "https://prpm.dev/problems/";

    private ProblemResponses() {
    }

    static ProblemDetail problem(ErrorCode code, String detail, Map<String, Object> extra) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(TYPE_BASE + code.code()));
        problem.setTitle(code.title());
        problem.setProperty("error", code.code());
        problem.setProperty("message", detail);
        extra.forEach(problem::setProperty);
        correlate(problem);
        return problem;
    }

    /**
     * The problem as the JSON body Spring MVC would write (extra properties at the top
     * level), for writers outside Spring MVC; {@code instance} = the request path.
     */
    static Map<String, Object> flat(ProblemDetail problem, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", path);
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /** Adds the stable code to a problem produced by the framework. */
    static ProblemDetail enrich(ProblemDetail problem, ErrorCode code) {
        problem.setType(URI.create(TYPE_BASE + code.code()));
        if (problem.getProperties() == null || !problem.getProperties().containsKey("error")) {
            problem.setProperty("error", code.code());
        }
        problem.setProperty("message", problem.getDetail());
        correlate(problem);
        return problem;
    }

    /**
     * The request's correlation id and, when the request is traced, its trace id (the
     * same ids are on every log line of the request).
     */
    private static void correlate(ProblemDetail problem) {
        String correlationId = MDC.get("correlationId");
        if (correlationId != null) {
            problem.setProperty("correlationId", correlationId);
        }
        String traceId = MDC.get("traceId");
        if (traceId != null) {
            problem.setProperty("traceId", traceId);
        }
    }

}
