package dev.prpm.playground.web;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadConstraints;

/**
 * Bounds what the application's JSON parser accepts (string length, nesting depth,
 * document length): hostile JSON fails fast as 400 {@code malformed_request} instead of
 * costing memory or stack.
 */
@Configuration(proxyBeanMethods = false)
class JsonLimits {

    @Bean
    JsonFactoryBuilderCustomizer jsonReadLimits(WebProperties limits) {
        return factory -> factory.streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(limits.maxJsonStringLength())
            .maxNestingDepth(limits.maxJsonNestingDepth())
            .maxDocumentLength(limits.maxJsonDocumentLength().toBytes())
            .build());
    }

}
