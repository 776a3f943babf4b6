package dev.prpm.playground.web;

import dev.prpm.playground.common.ErrorCode;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The database is unreachable: a fast 503 {@code service_unavailable} with Retry-After
 * instead of a 500. It runs before the general mapper and also matches these failures
 * when they are the cause of another exception. The pool's short connection timeout
 * ({@code spring.datasource.hikari.connection-timeout}) bounds how long a request waits;
 * recovery needs nothing but the database coming back.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseOutageHandler {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageHandler.class);

    @ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
            CannotCreateTransactionException.class, SQLTransientConnectionException.class,
            SQLNonTransientConnectionException.class })
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("api.database_unavailable type={} reason={}", e.getClass().getName(), e.getMessage());
        ProblemDetail body = ProblemResponses.problem(ErrorCode.SERVICE_UNAVAILABLE,
                "The service is temporarily unavailable; retry after the delay in Retry-After", Map.of());
        return ResponseEntity.status(body.getStatus())
            .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(body);
    }

}
