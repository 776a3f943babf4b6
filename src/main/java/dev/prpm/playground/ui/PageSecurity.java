package dev.prpm.playground.ui;

import dev.prpm.playground.auth.BrowserSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Security of the pages: a strict Content-Security-Policy (scripts only from this origin,
 * no inline script), no framing, and a CSRF token on every state-changing page request;
 * resolves {@link SignedIn} from the session cookie.
 */
@Component
class PageSecurity implements WebMvcConfigurer, HandlerInterceptor, HandlerMethodArgumentResolver {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self' https://checkout.stripe.com https://billing.stripe.com";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final BrowserSession browser;

    PageSecurity(BrowserSession browser) {
        this.browser = browser;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().getPackageName().equals(PageSecurity.class.getPackageName())) {
            return true;
        }
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
        if (!SAFE.contains(request.getMethod()) && !browser.csrfValid(request)) {
            response.sendError(HttpStatus.FORBIDDEN.value(), "CSRF token missing or invalid");
            return false;
        }
        return true;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return SignedIn.class.equals(parameter.getParameterType());
    }

    @Override
    public SignedIn resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binders) {
        HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
        return SignedIn.of(http, browser).map(SignedIn::new).orElseThrow(SignedIn.Missing::new);
    }

}
