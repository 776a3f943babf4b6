package dev.prpm.playground.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.simulator.RecordedRequest;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One run is one trace: the caller's W3C {@code traceparent} is continued, the run's span
 * {@code playground.executePrompt} holds loadPackage, holdCredits, callAI (model,
 * attempt, fallback) and commitRun, which holds settleCredits and writeSession; the
 * provider receives the callAI span as its parent; problem bodies carry the trace id.
 * Spans are exported to an in-memory exporter.
 */
@IntegrationTest
@DirtiesContext
@Import(RunTraceTest.Exporter.class)
class RunTraceTest {

    static final ProviderSimulator SIMULATOR = ProviderSimulator.start();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("prpm.ai.providers.anthropic.api-key", () -> "sk-ant-test");
        registry.add("prpm.ai.providers.anthropic.base-url", SIMULATOR::baseUrl);
        registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Autowired
    Api api;

    @Autowired
    InMemorySpanExporter spans;

    @Test
    void oneRunIsOneTraceWithTheSpecSpans() {
        String token = api.signupToken();
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = "00f067aa0ba902b7";
        SIMULATOR.reply("SELECT explained.");

        Api.Response run = api.post("/api/v1/playground/run",
                Map.of("packageId", pkg, "model", "haiku", "input", "explain SELECT 1"), token,
                Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
        assertThat(run.status()).as(run.body()).isEqualTo(200);

        SpanData root = await().atMost(Duration.ofSeconds(30))
            .until(() -> span(traceId, "playground.executePrompt"), Optional::isPresent)
            .orElseThrow();
        SpanData commit = await().atMost(Duration.ofSeconds(30))
            .until(() -> span(traceId, "playground.commitRun"), Optional::isPresent)
            .orElseThrow();
        assertThat(trace(traceId)).as("the caller's trace is continued").isNotEmpty();
        assertThat(ancestors(traceId, root)).as("the run sits below the request span, below the caller's span")
            .contains(callerSpan);
        for (String child : List.of("playground.loadPackage", "playground.holdCredits", "playground.callAI",
                "playground.commitRun")) {
            assertThat(span(traceId, child)).as(child)
                .hasValueSatisfying(s -> assertThat(s.getParentSpanId()).as(child + " is a child of the run")
                    .isEqualTo(root.getSpanId()));
        }
        for (String child : List.of("playground.settleCredits", "playground.writeSession")) {
            assertThat(span(traceId, child)).as(child)
                .hasValueSatisfying(s -> assertThat(s.getParentSpanId()).as(child + " is inside the commit transaction")
                    .isEqualTo(commit.getSpanId()));
        }
        SpanData call = span(traceId, "playground.callAI").orElseThrow();
        assertThat(call.getAttributes().get(AttributeKey.stringKey("model"))).isEqualTo("haiku");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("attempt"))).isEqualTo("1");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("fallback"))).isEqualTo("false");

        RecordedRequest sent = SIMULATOR.lastRequest();
        assertThat(sent.header("traceparent")).as("the provider call continues the trace")
            .isEqualTo("00-" + traceId + "-" + call.getSpanId() + "-01");
    }

    @Test
    void problemBodiesCarryTheTraceIdNextToTheCorrelationId() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        Api.Response missing = api.post("/api/v1/playground/run",
                Map.of("packageId", UUID.randomUUID().toString(), "model", "haiku", "input", "hello"),
                api.signupToken(), Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
        JsonNode problem = missing.json();
        assertThat(problem.path("error").asString()).isEqualTo("package_not_found");
        assertThat(problem.path("correlationId").asString()).isNotBlank();
        assertThat(problem.path("traceId").asString()).isEqualTo(traceId);
    }

    private List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private Optional<SpanData> span(String traceId, String name) {
        return trace(traceId).stream().filter(s -> s.getName().equals(name)).findFirst();
    }

    private List<String> ancestors(String traceId, SpanData span) {
        List<SpanData> all = trace(traceId);
        List<String> chain = new java.util.ArrayList<>();
        String parent = span.getParentSpanId();
        while (parent != null && !parent.equals("0000000000000000") && chain.size() < 20) {
            chain.add(parent);
            String current = parent;
            parent = all.stream()
                .filter(s -> s.getSpanId().equals(current))
                .map(SpanData::getParentSpanId)
                .findFirst()
                .orElse(null);
        }
        return chain;
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Exporter {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }

    }

}
