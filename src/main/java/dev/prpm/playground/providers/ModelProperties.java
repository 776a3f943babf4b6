package dev.prpm.playground.providers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The model catalogue and provider connections (application.yml, {@code prpm.models} /
 * {@code prpm.providers}).
 *
 * @param tokensPerCredit tokens (input + output) one credit buys at multiplier 1
 * @param defaultMaxOutputTokens expected output used for estimates when a request sets
 * none
 * @param catalog model id → model
 * @param providers provider id → connection
 */
@Validated
@ConfigurationProperties("prpm.ai")
record ModelProperties(@Min(1) @DefaultValue("2000") int tokensPerCredit,
        @Min(1) @Max(32_000) @DefaultValue("1024") int defaultMaxOutputTokens,
        @NotEmpty Map<String, @Valid Model> models, @NotNull Map<String, @Valid Provider> providers,
        @NotNull @Valid Retry retry, @NotNull @Valid Breaker breaker) {

    /**
     * Circuit breaker per provider: opens when {@code failureRateThreshold}% of the last
     * {@code slidingWindowSize} calls (at least {@code minimumCalls}) failed with
     * 429/5xx/timeouts, stays open {@code openDuration}, then lets {@code halfOpenCalls}
     * trial calls through.
     */
    public record Breaker(@Min(1) @DefaultValue("20") int slidingWindowSize,
            @Min(1) @DefaultValue("10") int minimumCalls,
            @DecimalMin("1") @Max(100) @DefaultValue("50") float failureRateThreshold,
            @NotNull @DefaultValue("30s") Duration openDuration, @Min(1) @DefaultValue("3") int halfOpenCalls) {
    }

    /**
     * Retry policy for 429/5xx/timeouts: exponential backoff with jitter, Retry-After
     * honoured up to {@code maxRetryAfter}.
     */
    public record Retry(@Min(1) @Max(10) @DefaultValue("3") int maxAttempts,
            @NotNull @DefaultValue("200ms") Duration initialBackoff,
            @DecimalMin("1.0") @DefaultValue("2.0") double multiplier,
            @DecimalMin("0.0") @DefaultValue("0.5") double jitter,
            @NotNull @DefaultValue("10s") Duration maxRetryAfter) {
    }

    /**
     * @param provider anthropic | openai | openai-compatible | demo
     * @param upstream the provider's model name
     * @param inputPricePerMillion USD per million input tokens
     * @param outputPricePerMillion USD per million output tokens
     * @param creditMultiplier credits per started block of tokensPerCredit tokens
     * @param fallback equivalent model id on another provider, or empty
     * @param maxOutputTokens upper bound a request may ask for
     */
    public record Model(@NotBlank String provider, @NotBlank String upstream,
            @NotNull @DecimalMin("0") BigDecimal inputPricePerMillion,
            @NotNull @DecimalMin("0") BigDecimal outputPricePerMillion, @Min(1) @DefaultValue("1") int creditMultiplier,
            String fallback, @Min(1) @DefaultValue("4096") int maxOutputTokens) {
    }

    /**
     * @param apiKey API key; when blank the provider's models are served by the demo
     * provider
     * @param baseUrl API base URL; blank means the SDK's default
     * @param timeout per-call timeout
     * @param maxConcurrentCalls calls in flight to this provider at once; more wait for a
     * free slot (at most {@code timeout}). Over HTTP/1.1 every call is a socket, so
     * {@code server.tomcat.max-connections} plus this must stay below the process's
     * open-file limit (docs/performance.md, "10,000 in flight (#15)")
     * @param maxIdleConnections keep-alive connections the SDK's HTTP client keeps open
     * between calls; at least the number of concurrent calls to the provider, or most
     * calls open a new connection (OkHttp's default is 5)
     * @param keepAlive how long an idle connection stays open
     */
    public record Provider(String apiKey, String baseUrl, @NotNull @DefaultValue("60s") Duration timeout,
            @Min(1) @Max(100_000) @DefaultValue("2000") int maxConcurrentCalls,
            @Min(0) @DefaultValue("256") int maxIdleConnections, @NotNull @DefaultValue("60s") Duration keepAlive) {

        static final int DEFAULT_MAX_CONCURRENT_CALLS = 2000;

        @ConstructorBinding
        public Provider {
        }

        public Provider(String apiKey, String baseUrl, Duration timeout) {
            this(apiKey, baseUrl, timeout, DEFAULT_MAX_CONCURRENT_CALLS, 256, Duration.ofSeconds(60));
        }

        /** A connection with the default limits and pool settings. */
        public static Provider of(String apiKey, String baseUrl, Duration timeout) {
            return new Provider(apiKey, baseUrl, timeout);
        }

        public boolean configured() {
            return apiKey != null && !apiKey.isBlank();
        }
    }
}
