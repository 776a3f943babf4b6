package dev.prpm.playground.packages;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;

/** What can go wrong when publishing. */
final class PublishingExceptions {

    private PublishingExceptions() {
    }

    /** Only a package's author publishes its versions. */
    static final class NotTheAuthor extends ApiException {

        NotTheAuthor() {
            super(ErrorCode.FORBIDDEN, "Only the package's author may publish versions of it");
        }

    }

    /** Versions are immutable: a published version cannot be published again. */
    static final class VersionExists extends ApiException {

        VersionExists(String version) {
            super(ErrorCode.CONFLICT, "Version " + version + " is already published; versions are immutable");
        }

    }

    static final class NameTaken extends ApiException {

        NameTaken(String name) {
            super(ErrorCode.CONFLICT, "A package named " + name + " exists");
        }

    }

}
