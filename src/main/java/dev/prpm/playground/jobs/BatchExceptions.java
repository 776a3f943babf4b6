package dev.prpm.playground.jobs;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.List;
import java.util.Map;

/** What can go wrong with a batch, each named for what happened. */
final class BatchExceptions {

    private BatchExceptions() {
    }

    /** No such batch for this user (someone else's batch is not found either). */
    static final class BatchNotFound extends ApiException {

        BatchNotFound() {
            super(ErrorCode.NOT_FOUND, "No such batch");
        }

    }

    /** The quote of the whole matrix is more than the caller allowed. */
    static final class QuoteOverMaxCredits extends ApiException {

        private final long quote;

        private final long maxCredits;

        QuoteOverMaxCredits(long quote, long maxCredits) {
            super(ErrorCode.MAX_CREDITS_EXCEEDED,
                    "The batch would hold " + quote + " credits, more than maxCredits (" + maxCredits + ")");
            this.quote = quote;
            this.maxCredits = maxCredits;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("quote", quote, "maxCredits", maxCredits);
        }

    }

    /** A field of the batch that bean validation cannot check (e.g. a broken regex). */
    static final class InvalidBatch extends ApiException {

        private final String field;

        InvalidBatch(String field, String message) {
            super(ErrorCode.VALIDATION_FAILED, message);
            this.field = field;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("errors", List.of(Map.of("field", field, "message", getMessage())));
        }

    }

}
