package dev.prpm.playground.providers;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The W3C trace context of the current span ({@code traceparent}, {@code tracestate}),
 * sent with every provider request so a provider's own traces join ours.
 */
final class TraceHeaders {

    private TraceHeaders() {
    }

    static Map<String, String> current() {
        Map<String, String> headers = new LinkedHashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
        return headers;
    }

}
