package dev.prpm.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The simulator's current behaviour; immutable, swapped atomically. */
record Scenario(Function<RecordedRequest, String> reply, Integer inputTokens, Integer outputTokens, Duration latency,
        Duration deltaInterval, boolean record) {

    static final Scenario DEFAULT = new Scenario(request -> "Simulated answer to: " + request.lastMessageText(), null,
            null, Duration.ZERO, Duration.ZERO, true);

    Scenario withReply(Function<RecordedRequest, String> newReply) {
        return new Scenario(newReply, inputTokens, outputTokens, latency, deltaInterval, record);
    }

    Scenario withUsage(int input, int output) {
        return new Scenario(reply, input, output, latency, deltaInterval, record);
    }

    Scenario withLatency(Duration newLatency) {
        return new Scenario(reply, inputTokens, outputTokens, newLatency, deltaInterval, record);
    }

    Scenario withDeltaInterval(Duration interval) {
        return new Scenario(reply, inputTokens, outputTokens, latency, interval, record);
    }

    Scenario withRecording(boolean newRecord) {
        return new Scenario(reply, inputTokens, outputTokens, latency, deltaInterval, newRecord);
    }

    Wire.Answer answer(RecordedRequest request, String id) {
        List<String> pieces = pieces(reply.apply(request));
        int input = inputTokens != null ? inputTokens : estimateInput(request.body());
        int output = outputTokens != null ? outputTokens : pieces.size();
        return new Wire.Answer(id, pieces, input, output);
    }

    /**
     * Splits text into word-sized deltas, each starting at a space (so joined they give
     * the text back).
     */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                pieces.add(text.substring(start, i));
                start = i;
            }
        }
        return pieces;
    }

    private static int estimateInput(JsonNode body) {
        int chars = RecordedRequest.text(body.path("system")).length();
        for (JsonNode message : body.path("messages")) {
            chars += RecordedRequest.text(message.path("content")).length();
        }
        return Math.max(1, (chars + 3) / 4);
    }
}
