package dev.prpm.playground.auth;

import dev.prpm.playground.common.CurrentUser;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The web page's sign-in: the same JWT the API issues, carried in an {@code HttpOnly;
 * SameSite=Lax} cookie, plus a double-submit CSRF token (a random cookie the page echoes
 * in a form field or the {@value #CSRF_HEADER} header).
 */
@Component
public class BrowserSession {

    public static final String COOKIE = "prpm_session";

    public static final String CSRF_COOKIE = "prpm_csrf";

    public static final String CSRF_HEADER = "X-CSRF-Token";

    public static final String CSRF_PARAM = "_csrf";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthService auth;

    private final Duration ttl;

    BrowserSession(AuthService auth, AuthProperties properties) {
        this.auth = auth;
        this.ttl = properties.tokenTtl();
    }

    /** Creates the account and signs it in; errors are the API's (email_taken …). */
    public CurrentUser signUp(String email, String password, String displayName, HttpServletRequest request,
            HttpServletResponse response) {
        return start(auth.signup(email, password, displayName), request, response);
    }

    /** Checks the password and signs in; invalid_credentials otherwise. */
    public CurrentUser signIn(String email, String password, HttpServletRequest request, HttpServletResponse response) {
        return start(auth.login(email, password), request, response);
    }

    /** Expires the cookie and revokes its token (and the user's other tokens). */
    public void signOut(HttpServletRequest request, HttpServletResponse response) {
        user(request).ifPresent(signedIn -> auth.logout(signedIn.id()));
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(COOKIE, "", Duration.ZERO, request).toString());
    }

    /** The signed-in user of a browser request, if its session cookie is valid. */
    public Optional<CurrentUser> user(HttpServletRequest request) {
        return cookieValue(request, COOKIE).flatMap(auth::authenticate);
    }

    /** The request's CSRF token, issuing the cookie when the browser has none yet. */
    public String csrfToken(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> existing = cookieValue(request, CSRF_COOKIE).filter(v -> v.length() >= 32);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(CSRF_COOKIE, token, Duration.ofDays(1), request).toString());
        return token;
    }

    /**
     * True when the request echoes its CSRF cookie in the header or the form field
     * (constant-time comparison).
     */
    public boolean csrfValid(HttpServletRequest request) {
        Optional<String> expected = cookieValue(request, CSRF_COOKIE);
        String sent = Optional.ofNullable(request.getHeader(CSRF_HEADER)).orElse(request.getParameter(CSRF_PARAM));
        return expected.isPresent() && sent != null && MessageDigest
            .isEqual(expected.get().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> cookieValue(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        return Arrays.stream(cookies)
            .filter(c -> name.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank())
            .map(Cookie::getValue)
            .findFirst();
    }

    private CurrentUser start(AuthService.Session session, HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(COOKIE, session.token(), ttl, request).toString());
        return new CurrentUser(session.user().id(), session.user().email(), session.user().tier());
    }

    private static ResponseCookie cookie(String name, String value, Duration maxAge, HttpServletRequest request) {
        return ResponseCookie.from(name, value)
            .httpOnly(true)
            .secure(request.isSecure())
            .sameSite("Lax")
            .path("/")
            .maxAge(maxAge)
            .build();
    }

}
