package dev.prpm.playground.providers;

import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import java.time.Clock;

/**
 * The one place that maps OpenAI SDK failures (OpenAI and compatible servers) to
 * {@link ProviderException}.
 */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /**
     * @param streamStarted whether text already reached the caller (a failure then breaks
     * the stream)
     */
    static ProviderException classify(String provider, RuntimeException error, boolean streamStarted, Clock clock) {
        return switch (error) {
            case ProviderException already -> already;
            // An error object inside a 200 stream: nothing to retry once text went out.
            case SseException sse when streamStarted -> ProviderFailures.fromTransport(provider, sse, true);
            case SseException sse -> new ProviderException(ProviderException.Kind.SERVER_ERROR, 0, null,
                    provider + " sent an error in the stream", sse);
            case OpenAIServiceException service when !streamStarted ->
                ProviderFailures.fromStatus(provider, service.statusCode(), service.headers()::values, service, clock);
            case OpenAIIoException io -> ProviderFailures.fromTransport(provider, io, streamStarted);
            default -> streamStarted ? ProviderFailures.fromTransport(provider, error, true)
                    : new ProviderException(ProviderException.Kind.SERVER_ERROR, 0, null,
                            provider + " call failed: " + error.getClass().getSimpleName(), error);
        };
    }

}
