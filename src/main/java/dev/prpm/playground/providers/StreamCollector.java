package dev.prpm.playground.providers;

/**
 * Collects a streamed answer while forwarding each text delta to the caller's sink. A
 * sink failure is wrapped in {@link SinkFailure} so providers can tell it apart from SDK
 * failures and rethrow the original unchanged.
 */
final class StreamCollector {

    private final TokenSink sink;

    private final StringBuilder text = new StringBuilder();

    private boolean started;

    private int inputTokens = -1;

    private int outputTokens = -1;

    private String stopReason;

    private boolean finished;

    StreamCollector(TokenSink sink) {
        this.sink = sink;
    }

    void delta(String piece) {
        if (piece == null || piece.isEmpty()) {
            return;
        }
        text.append(piece);
        started = true;
        try {
            sink.onDelta(piece);
        }
        catch (RuntimeException e) {
            throw new SinkFailure(e);
        }
    }

    /** Whether any text reached the sink. */
    boolean started() {
        return started;
    }

    void inputTokens(long tokens) {
        inputTokens = saturated(tokens);
    }

    void outputTokens(long tokens) {
        outputTokens = saturated(tokens);
    }

    void stopReason(String reason) {
        stopReason = reason;
    }

    /** The provider's final event arrived. */
    void finish() {
        finished = true;
    }

    boolean finished() {
        return finished;
    }

    /** The completion; usage the provider did not report is estimated. */
    Completion completion(CompletionRequest request) {
        String answer = text.toString();
        int input = inputTokens >= 0 ? inputTokens
                : TokenEstimator.inputTokens(request.systemPrompt(), request.messages());
        int output = outputTokens >= 0 ? outputTokens : TokenEstimator.tokens(answer);
        return new Completion(answer, input, output, stopReason);
    }

    static int saturated(long tokens) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, tokens));
    }

    /** The caller's sink threw; {@link #sinkException()} is what it threw. */
    static final class SinkFailure extends RuntimeException {

        SinkFailure(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        RuntimeException sinkException() {
            return (RuntimeException) getCause();
        }

    }

}
