package dev.prpm.playground.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request may make the server read, validated at startup.
 *
 * @param maxBodySize largest request body read (declared or chunked); larger ones get 413
 * {@code payload_too_large} before they are read
 * @param maxJsonStringLength longest JSON string value any parser of ours accepts
 * (characters)
 * @param maxJsonNestingDepth deepest JSON nesting of arrays and objects accepted
 * @param maxJsonDocumentLength largest JSON document any parser of ours accepts
 * (including provider responses)
 */
@Validated
@ConfigurationProperties("prpm.web")
record WebProperties(@NotNull @DefaultValue("1MB") DataSize maxBodySize,
        @Min(1000) @DefaultValue("1000000") int maxJsonStringLength,
        @Min(8) @Max(1000) @DefaultValue("64") int maxJsonNestingDepth,
        @NotNull @DefaultValue("16MB") DataSize maxJsonDocumentLength) {
}
