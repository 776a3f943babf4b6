package dev.prpm.playground.providers;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Initialises the Anthropic and OpenAI SDKs' JSON machinery (Kotlin reflection) once at
 * startup, on the platform thread that starts the application. Left to the first runs, a
 * burst of virtual threads all block in that one-time class initialisation while pinning
 * their carriers: on a 2-core machine the whole server stopped making progress for
 * minutes (found by the chaos suite, docs/reliability.md). A failure here is logged and
 * never stops startup: the first real call then pays the cost as before.
 */
@Component
class SdkWarmUp implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SdkWarmUp.class);

    static final String ANTHROPIC_MESSAGE = """
            {"id":"msg_warm","type":"message","role":"assistant","model":"warm-up",
             "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":1,"output_tokens":1}}""";

    static final String OPENAI_COMPLETION = """
            {"id":"chatcmpl-warm","object":"chat.completion","created":0,"model":"warm-up",
             "choices":[{"index":0,"finish_reason":"stop","logprobs":null,
                         "message":{"role":"assistant","content":"ok","refusal":null}}],
             "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

    @Override
    public void afterSingletonsInstantiated() {
        long started = System.nanoTime();
        try {
            warmAnthropic();
            warmOpenAi();
            log.info("providers.sdk_warm_up ms={}", (System.nanoTime() - started) / 1_000_000);
        }
        catch (JsonProcessingException | RuntimeException e) {
            log.warn("providers.sdk_warm_up_failed reason={}", e.toString());
        }
    }

    /** Serialises a request and parses a response with the Anthropic SDK's mapper. */
    static String warmAnthropic() throws JsonProcessingException {
        var mapper = com.anthropic.core.ObjectMappers.jsonMapper();
        MessageCreateParams params = MessageCreateParams.builder()
            .model("warm-up")
            .maxTokens(1)
            .addUserMessage("warm up")
            .build();
        mapper.writeValueAsString(params._body());
        return mapper.readValue(ANTHROPIC_MESSAGE, Message.class).content().getFirst().asText().text();
    }

    /** Serialises a request and parses a response with the OpenAI SDK's mapper. */
    static String warmOpenAi() throws JsonProcessingException {
        var mapper = com.openai.core.ObjectMappers.jsonMapper();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("warm-up")
            .addUserMessage("warm up")
            .build();
        mapper.writeValueAsString(params._body());
        return mapper.readValue(OPENAI_COMPLETION, ChatCompletion.class)
            .choices()
            .getFirst()
            .message()
            .content()
            .orElseThrow();
    }

}
