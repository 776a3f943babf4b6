package dev.prpm.playground.providers;

import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.SseException;
import java.time.Clock;

/** The one place that maps Anthropic SDK failures to {@link ProviderException}. */
final class AnthropicErrors {

    private static final String PROVIDER = "anthropic";

    private AnthropicErrors() {
    }

    /**
     * @param streamStarted whether text already reached the caller (a failure then breaks
     * the stream)
     */
    static ProviderException classify(RuntimeException error, boolean streamStarted, Clock clock) {
        return switch (error) {
            case ProviderException already -> already;
            // An error event inside a 200 stream (e.g. overloaded_error): nothing to
            // retry once text went out.
            case SseException sse when streamStarted -> ProviderFailures.fromTransport(PROVIDER, sse, true);
            case SseException sse -> new ProviderException(ProviderException.Kind.SERVER_ERROR, 0, null,
                    PROVIDER + " sent an error event in the stream", sse);
            case AnthropicServiceException service when !streamStarted ->
                ProviderFailures.fromStatus(PROVIDER, service.statusCode(), service.headers()::values, service, clock);
            case AnthropicIoException io -> ProviderFailures.fromTransport(PROVIDER, io, streamStarted);
            default -> streamStarted ? ProviderFailures.fromTransport(PROVIDER, error, true)
                    : new ProviderException(ProviderException.Kind.SERVER_ERROR, 0, null,
                            PROVIDER + " call failed: " + error.getClass().getSimpleName(), error);
        };
    }

}
