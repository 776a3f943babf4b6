package dev.prpm.playground.sessions;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;

/**
 * No such session for this caller (other users' sessions are reported the same way: no
 * existence leak).
 */
final class SessionNotFoundException extends ApiException {

    public SessionNotFoundException() {
        super(ErrorCode.SESSION_NOT_FOUND, "Session not found");
    }

}
