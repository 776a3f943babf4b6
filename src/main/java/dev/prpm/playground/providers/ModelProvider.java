package dev.prpm.playground.providers;

/**
 * One upstream AI API. Implementations translate to and from the wire format (through the
 * official SDKs) and classify failures as {@link ProviderException}; they never retry
 * (the gateway's policy does) and hold no model-specific logic outside themselves.
 */
interface ModelProvider {

    /**
     * Provider id as used in the model catalogue: anthropic, openai, openai-compatible,
     * demo.
     */
    String id();

    /** A complete answer. */
    Completion complete(CompletionRequest request);

    /**
     * Streams the answer, handing each text delta to {@code sink} as it arrives, and
     * returns the whole completion with the provider's token usage. If the sink throws
     * (client went away) the stream is abandoned and the sink's exception propagates.
     */
    Completion stream(CompletionRequest request, TokenSink sink);

}
