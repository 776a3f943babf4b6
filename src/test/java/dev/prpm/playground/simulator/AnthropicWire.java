package dev.prpm.playground.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Anthropic Messages API ({@code POST /v1/messages}): JSON message and SSE events. */
final class AnthropicWire implements Wire {

    @Override
    public String json(RecordedRequest request, Answer answer) {
        ObjectNode message = message(request, answer, answer.outputTokens());
        ObjectNode block = message.withArray("content").addObject();
        block.put("type", "text");
        block.put("text", answer.text());
        message.put("stop_reason", "end_turn");
        return Wire.write(message);
    }

    @Override
    public List<Frame> stream(RecordedRequest request, Answer answer) {
        List<Frame> frames = new ArrayList<>();
        ObjectNode start = Wire.object().put("type", "message_start");
        start.set("message", message(request, answer, 1));
        frames.add(event("message_start", start, false));
        ObjectNode blockStart = Wire.object().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        frames.add(event("content_block_start", blockStart, false));
        frames.add(event("ping", Wire.object().put("type", "ping"), false));
        for (String piece : answer.pieces()) {
            ObjectNode delta = Wire.object().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", piece);
            frames.add(event("content_block_delta", delta, true));
        }
        frames.add(event("content_block_stop", Wire.object().put("type", "content_block_stop").put("index", 0), false));
        ObjectNode messageDelta = Wire.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", answer.outputTokens());
        frames.add(event("message_delta", messageDelta, false));
        frames.add(event("message_stop", Wire.object().put("type", "message_stop"), false));
        return frames;
    }

    @Override
    public String error(Fault.Status fault) {
        ObjectNode body = Wire.object().put("type", "error");
        body.putObject("error").put("type", fault.errorType()).put("message", "simulated " + fault.errorType());
        return Wire.write(body);
    }

    @Override
    public Frame streamError(String errorType) {
        ObjectNode body = Wire.object().put("type", "error");
        body.putObject("error").put("type", errorType).put("message", "simulated " + errorType);
        return event("error", body, false);
    }

    private static ObjectNode message(RecordedRequest request, Answer answer, int outputTokens) {
        ObjectNode message = Wire.object()
            .put("id", "msg_" + answer.id())
            .put("type", "message")
            .put("role", "assistant")
            .put("model", request.body().path("model").asText());
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", answer.inputTokens());
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", outputTokens);
        usage.put("service_tier", "standard");
        return message;
    }

    private static Frame event(String name, ObjectNode data, boolean delta) {
        return new Frame("event: " + name + "\ndata: " + Wire.write(data) + "\n\n", delta);
    }

}
