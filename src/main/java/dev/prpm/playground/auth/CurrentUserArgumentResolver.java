package dev.prpm.playground.auth;

import dev.prpm.playground.common.CurrentUser;
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
 */
@Component
class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver {

    static final String ATTRIBUTE = CurrentUser.class.getName();

    private final AuthService auth;

    CurrentUserArgumentResolver(AuthService auth) {
        this.auth = auth;
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
        String token = AuthService.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION))
            .orElseThrow(() -> new AuthExceptions.Unauthenticated(
                    "A bearer token is required (Authorization: Bearer <token>)"));
        CurrentUser user = auth.authenticate(token)
            .orElseThrow(() -> new AuthExceptions.Unauthenticated("The bearer token is invalid or expired"));
        request.setAttribute(ATTRIBUTE, user, RequestAttributes.SCOPE_REQUEST);
        MDC.put("userId", user.id().toString());
        return user;
    }

}
