package dev.prpm.playground.providers;

import java.time.Duration;

/**
 * A failed provider call, classified so the gateway can decide: retry 429/5xx/timeouts
 * (honouring Retry-After), never retry other 4xx.
 */
class ProviderException extends RuntimeException {

    /** What went wrong, as far as retrying is concerned. */
    public enum Kind {

        RATE_LIMITED(true), SERVER_ERROR(true), TIMEOUT(true), CONNECTION(true), STREAM_BROKEN(false),
        CLIENT_ERROR(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }

    }

    private final Kind kind;

    private final int status;

    private final Duration retryAfter;

    public ProviderException(Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public ProviderException(Kind kind, String message) {
        this(kind, 0, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** The provider's Retry-After, if it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean retryable() {
        return kind.retryable();
    }

}
