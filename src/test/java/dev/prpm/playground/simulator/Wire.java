package dev.prpm.playground.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One API's wire format: a JSON answer, a stream of SSE frames, an error body. */
interface Wire {

    ObjectMapper JSON = new ObjectMapper();

    String json(RecordedRequest request, Answer answer);

    List<Frame> stream(RecordedRequest request, Answer answer);

    String error(Fault.Status fault);

    /** An error reported inside a 200 event stream. */
    Frame streamError(String errorType);

    /** The frames up to (not including) the text delta number {@code deltas}. */
    static List<Frame> upToDelta(List<Frame> frames, int deltas) {
        List<Frame> sent = new java.util.ArrayList<>();
        int seen = 0;
        for (Frame frame : frames) {
            if (frame.delta() && seen == deltas) {
                break;
            }
            seen += frame.delta() ? 1 : 0;
            sent.add(frame);
        }
        return sent;
    }

    /**
     * One SSE frame ({@code event:}/{@code data:} lines and the blank line);
     * {@code delta} if it carries text.
     */
    record Frame(String sse, boolean delta) {
    }

    /** What the simulated model answers. */
    record Answer(String id, List<String> pieces, int inputTokens, int outputTokens) {

        String text() {
            return String.join("", pieces);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
