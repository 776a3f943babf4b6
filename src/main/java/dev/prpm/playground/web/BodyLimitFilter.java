package dev.prpm.playground.web;

import dev.prpm.playground.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caps request bodies before anything reads them: a declared {@code Content-Length} over
 * {@code prpm.web.max-body-size} is answered 413 {@code payload_too_large} unread (Tomcat
 * then discards up to {@code server.tomcat.max-swallow-size} of it to keep the
 * connection, and resets it beyond that); a body without a length (chunked) is counted as
 * it is read and reading fails at the limit (the error handler turns that into the same
 * 413).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodyLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BodyLimitFilter.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long maxBytes;

    BodyLimitFilter(WebProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            log.warn("http.body_too_large declared={} limit={} path={}", declared, maxBytes, request.getRequestURI());
            reject(request, response, tooLarge(maxBytes));
            return;
        }
        if (wildcardContentType(request.getContentType())) {
            // Spring MVC fails on a wildcard Content-Type with an
            // IllegalArgumentException (500)
            reject(request, response, ProblemResponses.problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must name a concrete media type, e.g. application/json", Map.of()));
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Capped(request, maxBytes), response);
    }

    private static boolean wildcardContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.parseMediaType(contentType).isWildcardType();
        }
        catch (InvalidMediaTypeException unparsable) {
            return false; // the framework answers 415 for these
        }
    }

    /**
     * Answers with the problem, committed, so the container's error report leaves it
     * alone.
     */
    static void reject(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(ProblemResponses.flat(problem, request.getRequestURI())));
        response.flushBuffer();
    }

    static ProblemDetail tooLarge(long maxBytes) {
        return ProblemResponses.problem(ErrorCode.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + maxBytes + " bytes", Map.of("limit", maxBytes));
    }

    /** True when {@code failure} (or one of its causes) is a body cut at the limit. */
    static BodyTooLarge cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge tooLarge) {
                return tooLarge;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Reading a body went past the limit. */
    static final class BodyTooLarge extends IOException {

        final long limit;

        BodyTooLarge(long limit) {
            super("Request body larger than " + limit + " bytes");
            this.limit = limit;
        }

    }

    /** A request whose body stream fails once more than the limit was read. */
    private static final class Capped extends HttpServletRequestWrapper {

        private final long limit;

        private ServletInputStream stream;

        Capped(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(), charset(getCharacterEncoding())));
        }

        private static Charset charset(String encoding) {
            try {
                return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            }
            catch (IllegalArgumentException unknown) {
                return StandardCharsets.UTF_8;
            }
        }

    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;

        private final long limit;

        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

    }

}
