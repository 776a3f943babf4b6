package dev.prpm.playground.ui;

import dev.prpm.playground.auth.BrowserSession;
import dev.prpm.playground.common.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The user signed in through the page's session cookie; a page handler declaring it sends
 * anonymous visitors to the sign-in page.
 */
record SignedIn(CurrentUser user) {

    private static final String ATTRIBUTE = SignedIn.class.getName();

    private static final Object NOBODY = new Object();

    java.util.UUID id() {
        return user.id();
    }

    /**
     * The request's signed-in user, looked up (token check and user row) once per request
     * however many parts of the page ask.
     */
    static Optional<CurrentUser> of(HttpServletRequest request, BrowserSession browser) {
        Object known = request.getAttribute(ATTRIBUTE);
        if (known == null) {
            known = browser.user(request).<Object>map(u -> u).orElse(NOBODY);
            request.setAttribute(ATTRIBUTE, known);
        }
        return known instanceof CurrentUser user ? Optional.of(user) : Optional.empty();
    }

    /** Thrown when a page needs a signed-in user and the request has none. */
    static final class Missing extends RuntimeException {

        Missing() {
            super("sign in required", null, false, false);
        }

    }

}
