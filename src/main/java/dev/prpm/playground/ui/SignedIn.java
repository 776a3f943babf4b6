package dev.prpm.playground.ui;

import dev.prpm.playground.common.CurrentUser;

/**
 * The user signed in through the page's session cookie; a page handler declaring it sends
 * anonymous visitors to the sign-in page.
 */
record SignedIn(CurrentUser user) {

    java.util.UUID id() {
        return user.id();
    }

    /** Thrown when a page needs a signed-in user and the request has none. */
    static final class Missing extends RuntimeException {

        Missing() {
            super("sign in required", null, false, false);
        }

    }

}
