package dev.prpm.playground.web;

import dev.prpm.playground.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

/**
 * Spring's form-body filter (it parses {@code application/x-www-form-urlencoded} bodies
 * of PUT, PATCH and DELETE for the page's htmx requests), but a body that is not valid
 * percent-encoding is the client's fault: 400 {@code malformed_request} problem+json.
 * Spring's filter throws before Spring MVC, and the container's error dispatch answered
 * 500 (found by the fuzz pass). Replaces Spring Boot's {@link OrderedFormContentFilter}
 * (same order).
 */
@Component
class FormBodyFilter extends OrderedFormContentFilter {

    private static final Logger log = LoggerFactory.getLogger(FormBodyFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AtomicBoolean parsed = new AtomicBoolean();
        try {
            super.doFilterInternal(request, response, (req, res) -> {
                parsed.set(true);
                chain.doFilter(req, res);
            });
        }
        catch (HttpMessageNotReadableException e) {
            if (parsed.get() || response.isCommitted()) {
                throw e; // thrown further down the chain: not ours to answer
            }
            log.info("http.form_body_unreadable method={} path={} reason={}", request.getMethod(),
                    request.getRequestURI(), e.getMostSpecificCause().getMessage());
            BodyLimitFilter.reject(request, response, ProblemResponses.problem(ErrorCode.MALFORMED_REQUEST,
                    "The form body is not valid percent-encoded text", Map.of()));
        }
    }

}
