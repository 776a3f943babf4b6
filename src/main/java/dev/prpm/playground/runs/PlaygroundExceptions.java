package dev.prpm.playground.runs;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
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

}
