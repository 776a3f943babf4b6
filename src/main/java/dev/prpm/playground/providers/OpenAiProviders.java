package dev.prpm.playground.providers;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two OpenAI-style providers: OpenAI itself and an OpenAI-compatible server (e.g. a
 * local Ollama or vLLM) with its own base URL. Both are closed on shutdown (inferred
 * close method).
 */
@Configuration(proxyBeanMethods = false)
class OpenAiProviders {

    static final String OPENAI = "openai";
    static final String COMPATIBLE = "openai-compatible";

    @Bean
    OpenAiProvider openAiProvider(ModelProperties properties) {
        return new OpenAiProvider(OPENAI, properties.providers().get(OPENAI),
                OpenAiProvider.TokenLimitField.MAX_COMPLETION_TOKENS, Clock.systemUTC());
    }

    @Bean
    OpenAiProvider openAiCompatibleProvider(ModelProperties properties) {
        return new OpenAiProvider(COMPATIBLE, properties.providers().get(COMPATIBLE),
                OpenAiProvider.TokenLimitField.MAX_TOKENS, Clock.systemUTC());
    }

}
