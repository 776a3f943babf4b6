package dev.prpm.playground.usage;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;

/** Statistics were asked for a package that does not exist. */
class PackageStatsNotFoundException extends ApiException {

    PackageStatsNotFoundException() {
        super(ErrorCode.PACKAGE_NOT_FOUND, "Package not found");
    }

}
