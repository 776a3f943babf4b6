package dev.prpm.playground.usage;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;

/** No charged run with that id belongs to the caller. */
class RunNotFoundException extends ApiException {

    RunNotFoundException() {
        super(ErrorCode.RUN_NOT_FOUND, "No run with that id (runs that failed were not charged and have no receipt)");
    }

}
