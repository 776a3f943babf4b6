package dev.prpm.playground.runs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Playground limits.
 *
 * @param maxHistoryMessages messages a conversation may hold before a new one must be
 * started
 * @param maxHistoryChars characters of history sent with a continuation
 * @param streamTimeout longest a streamed run may take
 * @param shutdownGrace on shutdown, how long runs in flight may take to finish before the
 * streams still running are ended (keep it below
 * {@code spring.lifecycle.timeout-per-shutdown-phase})
 */
@Validated
@ConfigurationProperties("prpm.playground")
record PlaygroundProperties(@Min(2) @Max(1000) @DefaultValue("40") int maxHistoryMessages,
        @Min(1000) @DefaultValue("200000") int maxHistoryChars, @NotNull @DefaultValue("5m") Duration streamTimeout,
        @NotNull @DefaultValue("20s") Duration shutdownGrace) {
}
