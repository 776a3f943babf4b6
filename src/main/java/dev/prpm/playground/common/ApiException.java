package dev.prpm.playground.common;

import java.util.Map;

/**
 * Base of every error meant for the client. Each subclass stands for one error meaning,
 * names its {@link ErrorCode} and may add RFC 9457 extension members.
 */
public abstract class ApiException extends RuntimeException {

    private final ErrorCode code;

    protected ApiException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    protected ApiException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra problem members (e.g. required/available for insufficient credits). */
    public Map<String, Object> properties() {
        return Map.of();
    }

    /** Extra response headers (e.g. Retry-After). */
    public Map<String, String> headers() {
        return Map.of();
    }

}
