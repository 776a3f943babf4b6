package dev.prpm.playground.providers;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenAI Chat Completions through the official SDK; the same class serves OpenAI itself
 * and OpenAI-compatible servers (Ollama, vLLM, …) at their own base URL (see
 * {@link OpenAiProviders}). One client (one OkHttp keep-alive pool, sized by
 * {@code max-idle-connections}) per provider, created only when an API key is configured;
 * the SDK never retries (the gateway does).
 */
final class OpenAiProvider implements ModelProvider, AutoCloseable {

    /**
     * How the output limit is sent: OpenAI's current field, or the older one most
     * compatible servers read.
     */
    enum TokenLimitField {

        MAX_COMPLETION_TOKENS, MAX_TOKENS

    }

    private final String id;

    private final TokenLimitField tokenLimitField;

    private final OpenAIClient client;

    private final RequestOptions streamingOptions;

    private final Clock clock;

    OpenAiProvider(String id, ModelProperties.Provider connection, TokenLimitField tokenLimitField, Clock clock) {
        this.id = id;
        this.tokenLimitField = tokenLimitField;
        this.clock = clock;
        if (connection == null || !connection.configured()) {
            this.client = null;
            this.streamingOptions = null;
            return;
        }
        CallTimeouts timeouts = CallTimeouts.of(connection.timeout());
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
            .apiKey(connection.apiKey())
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
        return id;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        OpenAIClient sdk = client();
        ChatCompletion completion;
        try {
            completion = sdk.chat().completions().create(params(request, false));
        }
        catch (RuntimeException e) {
            throw OpenAiErrors.classify(id, e, false, clock);
        }
        Optional<ChatCompletion.Choice> choice = completion.choices().stream().findFirst();
        String text = choice.flatMap(c -> c.message().content()).orElse("");
        String stopReason = choice.map(c -> c.finishReason().asString()).orElse(null);
        Optional<CompletionUsage> usage = completion.usage();
        int input = usage.map(u -> StreamCollector.saturated(u.promptTokens()))
            .orElseGet(() -> TokenEstimator.inputTokens(request.systemPrompt(), request.messages()));
        int output = usage.map(u -> StreamCollector.saturated(u.completionTokens()))
            .orElseGet(() -> TokenEstimator.tokens(text));
        return new Completion(text, input, output, stopReason);
    }

    @Override
    public Completion stream(CompletionRequest request, TokenSink sink) {
        OpenAIClient sdk = client();
        StreamCollector collector = new StreamCollector(sink);
        try (StreamResponse<ChatCompletionChunk> chunks = sdk.chat()
            .completions()
            .createStreaming(params(request, true), streamingOptions)) {
            chunks.stream().forEach(chunk -> accept(chunk, collector));
        }
        catch (StreamCollector.SinkFailure e) {
            throw e.sinkException();
        }
        catch (RuntimeException e) {
            throw OpenAiErrors.classify(id, e, collector.started(), clock);
        }
        if (!collector.finished()) {
            throw ProviderFailures.truncated(id, collector.started());
        }
        return collector.completion(request);
    }

    /**
     * Text deltas; a finish reason ends the answer; usage comes in the last chunk
     * (include_usage).
     */
    private static void accept(ChatCompletionChunk chunk, StreamCollector collector) {
        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
            choice.delta().content().ifPresent(collector::delta);
            choice.finishReason().ifPresent(reason -> {
                collector.stopReason(reason.asString());
                collector.finish();
            });
        }
        chunk.usage().ifPresent(usage -> {
            collector.inputTokens(usage.promptTokens());
            collector.outputTokens(usage.completionTokens());
        });
    }

    private ChatCompletionCreateParams params(CompletionRequest request, boolean streaming) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(request.upstreamModel());
        switch (tokenLimitField) {
            case MAX_COMPLETION_TOKENS -> params.maxCompletionTokens(request.maxOutputTokens());
            case MAX_TOKENS -> params.maxTokens(request.maxOutputTokens());
        }
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            params.addSystemMessage(request.systemPrompt());
        }
        for (ChatMessage message : request.messages()) {
            switch (message.role()) {
                case USER -> params.addUserMessage(message.content());
                case ASSISTANT -> params.addAssistantMessage(message.content());
            }
        }
        if (streaming) {
            params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        TraceHeaders.current().forEach(params::putAdditionalHeader);
        return params.build();
    }

    private OpenAIClient client() {
        if (client == null) {
            throw new ProviderException(ProviderException.Kind.CLIENT_ERROR,
                    "The " + id + " provider is not configured (prpm.ai.providers." + id + ".api-key)");
        }
        return client;
    }

    private static Timeout timeout(CallTimeouts timeouts, Duration total) {
        return Timeout.builder()
            .connect(timeouts.connect())
            .read(timeouts.read())
            .write(timeouts.read())
            .request(total)
            .build();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

}
