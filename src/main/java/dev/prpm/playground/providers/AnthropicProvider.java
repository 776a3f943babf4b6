package dev.prpm.playground.providers;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.Timeout;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Anthropic Messages API through the official SDK. One client (and so one OkHttp
 * keep-alive pool, sized by {@code max-idle-connections}) per provider, created only when
 * an API key is configured; the SDK never retries (the gateway does).
 */
@Component
class AnthropicProvider implements ModelProvider, AutoCloseable {

    static final String ID = "anthropic";

    private final AnthropicClient client;

    private final RequestOptions streamingOptions;

    private final Clock clock;

    @Autowired
    AnthropicProvider(ModelProperties properties) {
        this(properties.providers().get(ID), Clock.systemUTC());
    }

    AnthropicProvider(ModelProperties.Provider connection, Clock clock) {
        this.clock = clock;
        if (connection == null || !connection.configured()) {
            this.client = null;
            this.streamingOptions = null;
            return;
        }
        CallTimeouts timeouts = CallTimeouts.of(connection.timeout());
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
            .apiKey(connection.apiKey())
            // The Messages API documents x-api-key; with it present the SDK adds no
            // Bearer header.
            .putHeader("x-api-key", connection.apiKey())
            .maxRetries(0)
            .timeout(timeout(timeouts, timeouts.call()))
            .maxIdleConnections(connection.maxIdleConnections())
            .keepAliveDuration(connection.keepAlive());
        if (connection.baseUrl() != null && !connection.baseUrl().isBlank()) {
            builder.baseUrl(connection.baseUrl());
        }
        this.client = builder.build();
        this.streamingOptions = RequestOptions.builder().timeout(timeout(timeouts, timeouts.stream())).build();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        AnthropicClient sdk = client();
        Message message;
        try {
            message = sdk.messages().create(params(request));
        }
        catch (RuntimeException e) {
            throw AnthropicErrors.classify(e, false, clock);
        }
        String text = message.content()
            .stream()
            .filter(ContentBlock::isText)
            .map(block -> block.asText().text())
            .collect(Collectors.joining());
        return new Completion(text, StreamCollector.saturated(message.usage().inputTokens()),
                StreamCollector.saturated(message.usage().outputTokens()),
                message.stopReason().map(StopReason::asString).orElse(null));
    }

    @Override
    public Completion stream(CompletionRequest request, TokenSink sink) {
        AnthropicClient sdk = client();
        StreamCollector collector = new StreamCollector(sink);
        try (StreamResponse<RawMessageStreamEvent> events = sdk.messages()
            .createStreaming(params(request), streamingOptions)) {
            events.stream().forEach(event -> accept(event, collector));
        }
        catch (StreamCollector.SinkFailure e) {
            throw e.sinkException();
        }
        catch (RuntimeException e) {
            throw AnthropicErrors.classify(e, collector.started(), clock);
        }
        if (!collector.finished()) {
            throw ProviderFailures.truncated(ID, collector.started());
        }
        return collector.completion(request);
    }

    private static void accept(RawMessageStreamEvent event, StreamCollector collector) {
        event.messageStart().ifPresent(start -> {
            collector.inputTokens(start.message().usage().inputTokens());
            collector.outputTokens(start.message().usage().outputTokens());
        });
        event.contentBlockDelta()
            .flatMap(delta -> delta.delta().text())
            .ifPresent(text -> collector.delta(text.text()));
        event.messageDelta().ifPresent(delta -> {
            collector.outputTokens(delta.usage().outputTokens());
            delta.usage().inputTokens().ifPresent(collector::inputTokens);
            delta.delta().stopReason().ifPresent(reason -> collector.stopReason(reason.asString()));
        });
        if (event.isMessageStop()) {
            collector.finish();
        }
    }

    private static MessageCreateParams params(CompletionRequest request) {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
            .model(request.upstreamModel())
            .maxTokens(request.maxOutputTokens());
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            params.system(request.systemPrompt());
        }
        for (ChatMessage message : request.messages()) {
            switch (message.role()) {
                case USER -> params.addUserMessage(message.content());
                case ASSISTANT -> params.addAssistantMessage(message.content());
            }
        }
        TraceHeaders.current().forEach(params::putAdditionalHeader);
        return params.build();
    }

    private AnthropicClient client() {
        if (client == null) {
            throw new ProviderException(ProviderException.Kind.CLIENT_ERROR,
                    "The anthropic provider is not configured (prpm.ai.providers.anthropic.api-key)");
        }
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    private static Timeout timeout(CallTimeouts timeouts, Duration total) {
        return Timeout.builder()
            .connect(timeouts.connect())
            .read(timeouts.read())
            .write(timeouts.read())
            .request(total)
            .build();
    }

}
