package dev.prpm.playground.runs;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Errors of the playground, one type per meaning. */
final class PlaygroundExceptions {

    private PlaygroundExceptions() {
    }

    /** The run request is inconsistent with the catalogue or the conversation. */
    static final class InvalidRun extends ApiException {

        private final String field;

        InvalidRun(String field, String detail) {
            super(ErrorCode.VALIDATION_FAILED, detail);
            this.field = field;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("errors", List.of(Map.of("field", field, "message", getMessage())));
        }

    }

    /** The conversation reached its size limit. */
    static final class ConversationTooLong extends ApiException {

        ConversationTooLong(int maxMessages, int maxChars) {
            super(ErrorCode.CONVERSATION_TOO_LONG, "This conversation reached its limit (" + maxMessages
                    + " messages or " + maxChars + " characters); start a new conversation to continue");
        }

    }

    /**
     * The instance is shutting down: new runs are refused (retry, another instance takes
     * them) and streams still running at the end of the grace period are ended.
     */
    static final class ServerShuttingDown extends ApiException {

        static final int RETRY_AFTER_SECONDS = 5;

        ServerShuttingDown() {
            super(ErrorCode.SERVER_SHUTTING_DOWN,
                    "The server is shutting down; retry after the delay in Retry-After (another instance will serve it)");
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }

    }

    /** The instance admits no more model work right now (admission control). */
    static final class Overloaded extends ApiException {

        private final Duration retryAfter;

        Overloaded(Duration retryAfter) {
            super(ErrorCode.SERVICE_OVERLOADED,
                    "The service is at capacity; nothing was charged, retry after the delay in Retry-After");
            this.retryAfter = retryAfter;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", seconds(retryAfter));
        }

    }

    /** The user already has as many runs in flight as one user may have. */
    static final class TooManyConcurrentRuns extends ApiException {

        private final int limit;

        private final Duration retryAfter;

        TooManyConcurrentRuns(int limit, Duration retryAfter) {
            super(ErrorCode.TOO_MANY_CONCURRENT_RUNS,
                    "You already have " + limit + " runs in flight; nothing was charged, retry when one has finished");
            this.limit = limit;
            this.retryAfter = retryAfter;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("limit", limit);
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", seconds(retryAfter));
        }

    }

    /**
     * The model answered but no database connection could be had to save and charge it:
     * the answer is kept and committed in the background (no retry: it would run again).
     */
    static final class AnswerKept extends ApiException {

        private final java.util.UUID runId;

        AnswerKept(java.util.UUID runId) {
            super(ErrorCode.SERVICE_OVERLOADED, "The answer arrived but could not be saved yet; it is kept and will"
                    + " appear in your sessions and be charged shortly; do not resend");
            this.runId = runId;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("runId", runId.toString(), "settlement", "pending");
        }

    }

    private static String seconds(Duration duration) {
        return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
    }

}
