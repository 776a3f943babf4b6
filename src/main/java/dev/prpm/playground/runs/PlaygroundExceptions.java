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

}
