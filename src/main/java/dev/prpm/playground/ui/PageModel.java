package dev.prpm.playground.ui;

import dev.prpm.playground.auth.BrowserSession;
import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.credits.CreditQueries;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponse;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page shows (the CSRF token, the signed-in user and the header balance) and
 * how pages show errors: an HTML page, or an inline message for htmx requests, with the
 * correlation id and, when the server gave one, when to retry.
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageModel {

    private static final Logger log = LoggerFactory.getLogger(PageModel.class);

    /** Seconds a page asks to wait when the database is unreachable. */
    static final String OUTAGE_RETRY_AFTER = "5";

    private final BrowserSession browser;

    private final CreditQueries credits;

    PageModel(BrowserSession browser, CreditQueries credits) {
        this.browser = browser;
        this.credits = credits;
    }

    @ModelAttribute
    void common(HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAllAttributes(chrome(request, response));
    }

    @ExceptionHandler(SignedIn.Missing.class)
    ModelAndView signIn(HttpServletRequest request, HttpServletResponse response) {
        if (isHtmx(request)) {
            response.setHeader("HX-Redirect", "/login");
            response.setStatus(401);
            return new ModelAndView("fragments/message :: message", Map.of("text", "Please sign in again."));
        }
        return new ModelAndView("redirect:/login");
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView failed(ApiException e, HttpServletRequest request, HttpServletResponse response) {
        return error(e.code().status().value(), e.code().code(), e.getMessage(), e.headers().get("Retry-After"),
                request, response);
    }

    /**
     * Anything else: a client mistake Spring recognised keeps its 4xx; an unreachable
     * database is a 503 with a retry delay; the rest is a 500 that says what to quote.
     */
    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        int clientError = e instanceof ErrorResponse known && !known.getStatusCode().is5xxServerError()
                ? known.getStatusCode().value() : e instanceof TypeMismatchException || e instanceof BindException
                        || e instanceof HttpMessageNotReadableException ? 400 : 0;
        if (clientError > 0) {
            return error(clientError, "request_failed", "This request could not be handled (" + clientError + ").",
                    null, request, response);
        }
        if (e instanceof DataAccessResourceFailureException || e instanceof TransientDataAccessResourceException
                || e instanceof CannotCreateTransactionException) {
            log.warn("ui.database_unavailable type={} reason={}", e.getClass().getName(), e.getMessage());
            return error(503, "service_unavailable", "The service is temporarily unavailable.", OUTAGE_RETRY_AFTER,
                    request, response);
        }
        log.error("ui.page_failed path={}", request.getRequestURI(), e);
        return error(500, "internal_error",
                "Something went wrong on our side. Please try again; quote the correlation id if you report it.", null,
                request, response);
    }

    private ModelAndView error(int status, String code, String text, String retryAfter, HttpServletRequest request,
            HttpServletResponse response) {
        response.setStatus(status);
        Map<String, Object> model = new HashMap<>();
        model.put("status", status);
        model.put("code", code);
        model.put("text", text);
        model.put("correlationId", MDC.get("correlationId"));
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfter);
            model.put("retryAfter", retryAfter);
        }
        if (isHtmx(request)) {
            return new ModelAndView("fragments/message :: message", model);
        }
        if (status < 500) {
            model.putAll(chrome(request, response));
        }
        else {
            model.put("csrf", browser.csrfToken(request, response));
            model.put("me", null); // the header stays minimal: the database may be what
                                   // failed
        }
        return new ModelAndView("error-page", model);
    }

    /** The CSRF token, the signed-in user and the header balance. */
    private Map<String, Object> chrome(HttpServletRequest request, HttpServletResponse response) {
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", browser.csrfToken(request, response));
        CurrentUser me = SignedIn.of(request, browser).orElse(null);
        model.put("me", me);
        model.put("balance", me == null ? null : credits.balance(me.id()).balance());
        return model;
    }

    static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }

}
