package dev.prpm.playground.web;

import dev.prpm.playground.common.ErrorCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replaces Tomcat's HTML error page: what the container rejects before any filter or
 * servlet runs (malformed request line, oversized headers, undecodable or forbidden URIs,
 * missing Host) is answered with the same problem+json as every other error, with the
 * real request path, a stable {@code error} code and a fresh correlation id that is also
 * logged.
 */
class ProblemReportValve extends ErrorReportValve {

    static final String CORRELATION_HEADER = "X-Request-Id";

    private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int MAX_INSTANCE_LENGTH = 2048;

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String correlationId = response.getHeader(CORRELATION_HEADER);
        if (correlationId == null) {
            correlationId = UUID.randomUUID().toString();
            response.setHeader(CORRELATION_HEADER, correlationId);
        }
        String path = requestPath(request);
        log.warn("http.container_error status={} path={} correlationId={}", status, path, correlationId);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body(status, path, correlationId)));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            log.debug("http.container_error_unwritten status={}", status, e);
        }
    }

    static Map<String, Object> body(int status, String path, String correlationId) {
        ErrorCode code = ErrorCode.forStatus(status);
        String detail = status >= 500 ? "An unexpected error occurred; quote the correlation id when reporting it"
                : "The server could not process this request: " + code.title().toLowerCase();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemResponses.TYPE_BASE + code.code());
        body.put("title", code.title());
        body.put("status", status);
        body.put("detail", detail);
        if (path != null) {
            body.put("instance", path);
        }
        body.put("error", code.code());
        body.put("message", detail);
        body.put("correlationId", correlationId);
        return body;
    }

    /** The path as the client sent it (undecoded: decoding may be what failed). */
    private static String requestPath(Request request) {
        String uri = request.getCoyoteRequest().requestURI().toString();
        if (uri == null || uri.isEmpty()) {
            return null;
        }
        return uri.length() <= MAX_INSTANCE_LENGTH ? uri : uri.substring(0, MAX_INSTANCE_LENGTH);
    }

}
