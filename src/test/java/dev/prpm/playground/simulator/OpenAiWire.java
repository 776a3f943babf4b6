package dev.prpm.playground.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}): JSON completion and SSE
 * chunks.
 */
final class OpenAiWire implements Wire {

    @Override
    public String json(RecordedRequest request, Answer answer) {
        ObjectNode completion = envelope(request, answer, "chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer.text()).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        completion.set("usage", usage(answer));
        return Wire.write(completion);
    }

    @Override
    public List<Frame> stream(RecordedRequest request, Answer answer) {
        boolean includeUsage = request.body().path("stream_options").path("include_usage").asBoolean(false);
        List<Frame> frames = new ArrayList<>();
        ObjectNode first = chunk(request, answer, includeUsage);
        first.withArray("choices")
            .addObject()
            .put("index", 0)
            .putNull("logprobs")
            .putNull("finish_reason")
            .putObject("delta")
            .put("role", "assistant")
            .put("content", "")
            .putNull("refusal");
        frames.add(data(first, false));
        for (String piece : answer.pieces()) {
            ObjectNode chunk = chunk(request, answer, includeUsage);
            chunk.withArray("choices")
                .addObject()
                .put("index", 0)
                .putNull("logprobs")
                .putNull("finish_reason")
                .putObject("delta")
                .put("content", piece);
            frames.add(data(chunk, true));
        }
        ObjectNode last = chunk(request, answer, includeUsage);
        ObjectNode choice = last.withArray("choices")
            .addObject()
            .put("index", 0)
            .putNull("logprobs")
            .put("finish_reason", "stop");
        choice.putObject("delta");
        frames.add(data(last, false));
        if (includeUsage) {
            ObjectNode usage = chunk(request, answer, false);
            usage.putArray("choices");
            usage.set("usage", usage(answer));
            frames.add(data(usage, false));
        }
        frames.add(new Frame("data: [DONE]\n\n", false));
        return frames;
    }

    @Override
    public String error(Fault.Status fault) {
        ObjectNode body = Wire.object();
        String type = switch (fault.status()) {
            case 429 -> "requests";
            case 400 -> "invalid_request_error";
            default -> "server_error";
        };
        body.putObject("error")
            .put("message", "simulated " + fault.errorType())
            .put("type", type)
            .putNull("param")
            .put("code", fault.errorType());
        return Wire.write(body);
    }

    @Override
    public Frame streamError(String errorType) {
        ObjectNode body = Wire.object();
        body.putObject("error")
            .put("message", "simulated " + errorType)
            .put("type", "server_error")
            .putNull("param")
            .put("code", errorType);
        return new Frame("data: " + Wire.write(body) + "\n\n", false);
    }

    private static ObjectNode envelope(RecordedRequest request, Answer answer, String object) {
        return Wire.object()
            .put("id", "chatcmpl-" + answer.id())
            .put("object", object)
            .put("created", System.currentTimeMillis() / 1000)
            .put("model", request.body().path("model").asText())
            .put("system_fingerprint", "fp_simulator");
    }

    private static ObjectNode chunk(RecordedRequest request, Answer answer, boolean nullUsage) {
        ObjectNode chunk = envelope(request, answer, "chat.completion.chunk");
        chunk.putArray("choices");
        if (nullUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ObjectNode usage(Answer answer) {
        return Wire.object()
            .put("prompt_tokens", answer.inputTokens())
            .put("completion_tokens", answer.outputTokens())
            .put("total_tokens", answer.inputTokens() + answer.outputTokens());
    }

    private static Frame data(ObjectNode chunk, boolean delta) {
        return new Frame("data: " + Wire.write(chunk) + "\n\n", delta);
    }

}
