package dev.prpm.playground.idempotency;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.util.Map;

/** Errors of Idempotency-Key handling. */
final class IdempotencyExceptions {

    private IdempotencyExceptions() {
    }

    /** The key was used before for a different request. */
    static final class KeyReused extends ApiException {

        KeyReused() {
            super(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "This Idempotency-Key was already used for a different request; use a new key");
        }

    }

    /** The first request with this key is still running. */
    static final class InProgress extends ApiException {

        InProgress() {
            super(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                    "A request with this Idempotency-Key is still in progress; retry shortly");
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", "1");
        }

    }

    /** The key is malformed. */
    static final class InvalidKey extends ApiException {

        InvalidKey() {
            super(ErrorCode.VALIDATION_FAILED, "Idempotency-Key must be 1 to 255 visible ASCII characters");
        }

    }

}
