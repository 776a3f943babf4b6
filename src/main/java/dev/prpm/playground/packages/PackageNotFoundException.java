package dev.prpm.playground.packages;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;

/** The package, or the requested version of it, does not exist. */
final class PackageNotFoundException extends ApiException {

    public PackageNotFoundException(String detail) {
        super(ErrorCode.PACKAGE_NOT_FOUND, detail);
    }

}
