package dev.prpm.playground.sessions;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;

/** A session title that is blank or too long. */
final class InvalidTitleException extends ApiException {

    InvalidTitleException(int max) {
        super(ErrorCode.VALIDATION_FAILED, "A title needs 1 to " + max + " characters");
    }

}
