package dev.prpm.playground.auth;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;

/** Errors of the auth feature, one type per meaning. */
final class AuthExceptions {

    private AuthExceptions() {
    }

    static final class EmailTaken extends ApiException {

        EmailTaken() {
            super(ErrorCode.EMAIL_TAKEN, "An account with this email already exists");
        }

    }

    static final class InvalidCredentials extends ApiException {

        InvalidCredentials() {
            super(ErrorCode.INVALID_CREDENTIALS, "Email or password is incorrect");
        }

    }

    /** BCrypt uses only the first 72 bytes: a longer password would be silently cut. */
    static final class PasswordTooLong extends ApiException {

        PasswordTooLong(int maxBytes) {
            super(ErrorCode.PASSWORD_TOO_LONG, "The password is longer than " + maxBytes
                    + " bytes (UTF-8); use a shorter one (non-ASCII characters count 2 to 4 bytes)");
        }

    }

    static final class Unauthenticated extends ApiException {

        Unauthenticated(String detail) {
            super(ErrorCode.UNAUTHENTICATED, detail);
        }

    }

    static final class CsrfRejected extends ApiException {

        CsrfRejected() {
            super(ErrorCode.FORBIDDEN, "A signed-in page must send its CSRF token (X-CSRF-Token header)");
        }

    }

}
