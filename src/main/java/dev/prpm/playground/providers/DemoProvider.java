package dev.prpm.playground.providers;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Offline, deterministic stand-in used when no API key is configured. Its answers say
 * they are from the demo and echo what the model would have been asked, so the whole flow
 * (credits, sessions, sharing) can be tried without any external service.
 */
@Component
class DemoProvider implements ModelProvider {

    @Override
    public String id() {
        return ModelCatalog.DEMO;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        String text = answer(request);
        return new Completion(text, TokenEstimator.inputTokens(request.systemPrompt(), request.messages()),
                Math.min(request.maxOutputTokens(), TokenEstimator.tokens(text)), "end_turn");
    }

    @Override
    public Completion stream(CompletionRequest request, TokenSink sink) {
        Completion completion = complete(request);
        for (String piece : pieces(completion.text())) {
            sink.onDelta(piece);
        }
        return completion;
    }

    private static String answer(CompletionRequest request) {
        String input = request.messages().getLast().content();
        String prompt = request.systemPrompt();
        String inputStart = input.length() > 200 ? input.substring(0, 200) + "…" : input;
        String instructions = prompt == null || prompt.isBlank() ? "answer with no system prompt"
                : "follow the package prompt (\"" + (prompt.length() > 120 ? prompt.substring(0, 120) + "…" : prompt)
                        + "\")";
        return "[demo response: no API key configured for " + request.upstreamModel() + "]\n"
                + "A real model would now " + instructions + " for your input (\"" + inputStart + "\"). "
                + "Conversation turns so far: " + request.messages().size() + ".";
    }

    private static List<String> pieces(String text) {
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

}
