package dev.prpm.playground.common;

import org.springframework.http.HttpStatus;

/**
 * Stable error codes of the API and the HTTP status each maps to: the one place for that
 * mapping.
 */
public enum ErrorCode {

    VALIDATION_FAILED("validation_failed", HttpStatus.BAD_REQUEST, "Request validation failed"),
    MALFORMED_REQUEST("malformed_request", HttpStatus.BAD_REQUEST, "Malformed request"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication required"),
    INVALID_CREDENTIALS("invalid_credentials", HttpStatus.UNAUTHORIZED, "Invalid email or password"),
    PASSWORD_TOO_LONG("password_too_long", HttpStatus.BAD_REQUEST, "Password too long"),
    INSUFFICIENT_CREDITS("insufficient_credits", HttpStatus.PAYMENT_REQUIRED, "Insufficient credits"),
    SPENDING_CAP_REACHED("spending_cap_reached", HttpStatus.PAYMENT_REQUIRED, "Spending cap reached"),
    MAX_CREDITS_EXCEEDED("max_credits_exceeded", HttpStatus.PAYMENT_REQUIRED, "Quote exceeds maxCredits"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    NOT_FOUND("not_found", HttpStatus.NOT_FOUND, "Not found"),
    PACKAGE_NOT_FOUND("package_not_found", HttpStatus.NOT_FOUND, "Package not found"),
    SESSION_NOT_FOUND("session_not_found", HttpStatus.NOT_FOUND, "Session not found"),
    RUN_NOT_FOUND("run_not_found", HttpStatus.NOT_FOUND, "Run not found"),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not_acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    EMAIL_TAKEN("email_taken", HttpStatus.CONFLICT, "Email already registered"),
    IDEMPOTENCY_CONFLICT("idempotency_conflict", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
    PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    RATE_LIMIT_EXCEEDED("rate_limit_exceeded", HttpStatus.TOO_MANY_REQUESTS, "Rate limit exceeded"),
    TOO_MANY_CONCURRENT_RUNS("too_many_concurrent_runs", HttpStatus.TOO_MANY_REQUESTS, "Too many concurrent runs"),
    MODEL_UNAVAILABLE("model_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Model unavailable"),
    MODEL_REJECTED("model_rejected_request", HttpStatus.BAD_GATEWAY, "Model rejected the request"),
    CONVERSATION_TOO_LONG("conversation_too_long", HttpStatus.CONFLICT, "Conversation too long"),
    IDEMPOTENCY_IN_PROGRESS("idempotency_in_progress", HttpStatus.CONFLICT, "Request in progress"),
    INVALID_SIGNATURE("invalid_signature", HttpStatus.BAD_REQUEST, "Invalid webhook signature"),
    SUBSCRIPTION_NOT_FOUND("subscription_not_found", HttpStatus.NOT_FOUND, "Subscription not found"),
    SUBSCRIPTION_EXISTS("subscription_exists", HttpStatus.CONFLICT, "Subscription exists"),
    PURCHASE_NOT_FOUND("purchase_not_found", HttpStatus.NOT_FOUND, "Purchase not found"),
    PAYMENT_PROVIDER_ERROR("payment_provider_error", HttpStatus.BAD_GATEWAY, "Payment provider error"),
    BILLING_DISABLED("billing_disabled", HttpStatus.SERVICE_UNAVAILABLE, "Billing disabled"),
    SERVICE_UNAVAILABLE("service_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    SERVICE_OVERLOADED("service_overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Service overloaded"),
    SERVER_SHUTTING_DOWN("server_shutting_down", HttpStatus.SERVICE_UNAVAILABLE, "Server shutting down"),
    INTERNAL_ERROR("internal_error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final String code;

    private final HttpStatus status;

    private final String title;

    ErrorCode(String code, HttpStatus status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /**
     * The generic code for a status produced by the framework (unknown route, wrong
     * method...).
     */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMIT_EXCEEDED;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }

}
