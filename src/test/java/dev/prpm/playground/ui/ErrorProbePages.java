package dev.prpm.playground.ui;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Test-only pages that fail the ways a real page can (rate limited, unavailable, a bug,
 * the database gone), to see what the person in front of the page is shown.
 */
@Controller
class ErrorProbePages {

    @GetMapping("/test/ui/rate-limited")
    String rateLimited(SignedIn me) {
        throw new Probe(ErrorCode.RATE_LIMIT_EXCEEDED, "Too many requests for now", "17");
    }

    @GetMapping("/test/ui/unavailable")
    String unavailable() {
        throw new Probe(ErrorCode.SERVICE_UNAVAILABLE, "The model service is unavailable", "30");
    }

    @GetMapping("/test/ui/bug")
    String bug() {
        throw new IllegalStateException("internal detail that must not reach the page");
    }

    @GetMapping("/test/ui/database-down")
    String databaseDown() {
        throw new DataAccessResourceFailureException("connection refused");
    }

    static final class Probe extends ApiException {

        private final String retryAfter;

        Probe(ErrorCode code, String detail, String retryAfter) {
            super(code, detail);
            this.retryAfter = retryAfter;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", retryAfter);
        }

    }

}
