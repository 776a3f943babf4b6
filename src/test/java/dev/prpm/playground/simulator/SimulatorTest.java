package dev.prpm.playground.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's wire formats and scenario API, seen by a plain HTTP client. */
class SimulatorTest {

    private static ProviderSimulator simulator;

    private static HttpClient http;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        simulator.close();
        http.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void anthropicStreamSendsTheEventsInTheApiOrder() throws Exception {
        simulator.reply("Hello there world");

        String body = post("/v1/messages", """
                {"model":"m","max_tokens":10,"stream":true,"system":"sys","messages":[{"role":"user","content":"hi"}]}
                """).body();

        List<String> events = Arrays.stream(body.split("\n"))
            .filter(line -> line.startsWith("event: "))
            .map(line -> line.substring(7))
            .toList();
        assertThat(events).containsExactly("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(body).contains("\"type\":\"text_delta\",\"text\":\" there\"")
            .contains("\"usage\":{\"output_tokens\":3}")
            .contains("\"stop_reason\":\"end_turn\"");
    }

    @Test
    void openAiStreamEndsWithAUsageChunkAndDone() throws Exception {
        simulator.reply("Hi you").usage(9, 2);

        String body = post("/v1/chat/completions", """
                {"model":"m","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"hi"}]}
                """).body();

        List<String> data = Arrays.stream(body.split("\n")).filter(line -> line.startsWith("data: ")).toList();
        assertThat(data.getLast()).isEqualTo("data: [DONE]");
        assertThat(data.get(data.size() - 2)).contains("\"choices\":[]")
            .contains("\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}");
        assertThat(data.get(data.size() - 3)).contains("\"finish_reason\":\"stop\"");
    }

    @Test
    void faultsApplyToTheNextCallsOnlyThenAnswersAreNormal() throws Exception {
        simulator.failNext(2, Fault.overloaded()).failNext(1, Fault.rateLimited(Duration.ofSeconds(3)));
        String request = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}";

        List<HttpResponse<String>> responses = List.of(post("/v1/messages", request), post("/v1/messages", request),
                post("/v1/messages", request), post("/v1/messages", request));

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(529, 529, 429, 200);
        assertThat(responses.getFirst().body()).contains("\"overloaded_error\"");
        assertThat(responses.get(2).headers().firstValue("retry-after")).contains("3");
        assertThat(responses.get(3).body()).contains("Simulated answer to: ping");
        assertThat(simulator.requests()).hasSize(4)
            .allSatisfy(recorded -> assertThat(recorded.body().path("model").asText()).isEqualTo("m"));
    }

    @Test
    void onlyPostIsAnswered() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/messages")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
