package dev.prpm.playground.auth;

import dev.prpm.playground.common.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves {@link CurrentUser} from the bearer token; absent or invalid token means 401.
 * Without an Authorization header, the web page's session cookie is accepted when the
 * request also carries the page's CSRF token in the {@code X-CSRF-Token} header (so only
 * same-origin scripts of our pages can use it; 403 otherwise).
 */
@Component
class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver {

    static final String ATTRIBUTE = CurrentUser.class.getName();

    private final AuthService auth;

    private final BrowserSession browser;

    CurrentUserArgumentResolver(AuthService auth, BrowserSession browser) {
        this.auth = auth;
        this.browser = browser;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return CurrentUser.class.equals(parameter.getParameterType());
    }

    @Override
    public CurrentUser resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binders) {
        Object cached = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (cached instanceof CurrentUser user) {
            return user;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        CurrentUser user = header == null ? fromCookie(request) : fromBearer(header);
        request.setAttribute(ATTRIBUTE, user, RequestAttributes.SCOPE_REQUEST);
        MDC.put("userId", user.id().toString());
        return user;
    }

    private CurrentUser fromBearer(String header) {
        String token = AuthService.bearerToken(header)
            .orElseThrow(() -> new AuthExceptions.Unauthenticated(
                    "A bearer token is required (Authorization: Bearer <token>)"));
        return auth.authenticate(token)
            .orElseThrow(() -> new AuthExceptions.Unauthenticated("The bearer token is invalid or expired"));
    }

    private CurrentUser fromCookie(NativeWebRequest request) {
        HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
        if (http == null || BrowserSession.cookieValue(http, BrowserSession.COOKIE).isEmpty()) {
            throw new AuthExceptions.Unauthenticated("A bearer token is required (Authorization: Bearer <token>)");
        }
        if (!browser.csrfValid(http) || http.getHeader(BrowserSession.CSRF_HEADER) == null) {
            throw new AuthExceptions.CsrfRejected();
        }
        return browser.user(http)
            .orElseThrow(() -> new AuthExceptions.Unauthenticated("The session has expired; sign in again"));
    }

}
