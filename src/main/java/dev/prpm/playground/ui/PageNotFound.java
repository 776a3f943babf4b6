package dev.prpm.playground.ui;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;

/** A page address that names nothing (a malformed share token, for instance). */
final class PageNotFound extends ApiException {

    PageNotFound(String detail) {
        super(ErrorCode.NOT_FOUND, detail);
    }

}
