package dev.prpm.playground.ui;

import dev.prpm.playground.auth.BrowserSession;
import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.credits.CreditQueries;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page shows (the CSRF token, the signed-in user and the header balance) and
 * how pages show errors: an HTML page, or an inline message for htmx requests.
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageModel {

    private final BrowserSession browser;

    private final CreditQueries credits;

    PageModel(BrowserSession browser, CreditQueries credits) {
        this.browser = browser;
        this.credits = credits;
    }

    @ModelAttribute
    void common(HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAttribute("csrf", browser.csrfToken(request, response));
        CurrentUser me = browser.user(request).orElse(null);
        model.addAttribute("me", me);
        model.addAttribute("balance", me == null ? null : credits.balance(me.id()).balance());
    }

    @ExceptionHandler(SignedIn.Missing.class)
    ModelAndView signIn(HttpServletRequest request, HttpServletResponse response) {
        if (isHtmx(request)) {
            response.setHeader("HX-Redirect", "/login");
            response.setStatus(401);
            return new ModelAndView("fragments/message :: message", java.util.Map.of("text", "Please sign in again."));
        }
        return new ModelAndView("redirect:/login");
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView failed(ApiException e, HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(e.code().status().value());
        var model = new java.util.HashMap<String, Object>();
        model.put("status", e.code().status().value());
        model.put("code", e.code().code());
        model.put("text", e.getMessage());
        model.put("correlationId", MDC.get("correlationId"));
        if (isHtmx(request)) {
            return new ModelAndView("fragments/message :: message", model);
        }
        model.put("csrf", browser.csrfToken(request, response));
        model.put("me", browser.user(request).orElse(null));
        return new ModelAndView("error-page", model);
    }

    static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }

}
