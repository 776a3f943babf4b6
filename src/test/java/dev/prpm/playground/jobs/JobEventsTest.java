package dev.prpm.playground.jobs;

import static dev.prpm.playground.jobs.JobsApiTest.packageId;
import static dev.prpm.playground.jobs.JobsApiTest.runBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The server-sent-event stream of a job's status changes. */
@IntegrationTest
class JobEventsTest {

    @Autowired
    Api api;

    @Autowired
    JobWorker worker;

    @LocalServerPort
    int port;

    @AfterEach
    void resumeWorker() {
        worker.resume();
    }

    @Test
    void theStreamSendsTheQueuedJobThenEveryChangeAndEndsWithTheResult() throws Exception {
        worker.pause();
        String token = api.signupToken();
        String jobId = submit(token);

        try (Stream<String> lines = open(jobId, token)) {
            Iterator<String> stream = lines.iterator();
            Event first = next(stream);
            assertThat(first.name()).isEqualTo("status");
            assertThat(first.data().path("status").asString()).isEqualTo("queued");

            worker.resume();
            List<Event> rest = new ArrayList<>();
            Event event;
            do {
                event = next(stream);
                rest.add(event);
            }
            while (!"done".equals(event.name()));

            assertThat(event.data().path("status").asString()).isEqualTo("succeeded");
            assertThat(event.data().path("result").path("output").asString()).startsWith("[demo response");
            assertThat(
                    rest.stream().filter(e -> "status".equals(e.name())).map(e -> e.data().path("status").asString()))
                .endsWith("succeeded")
                .doesNotHaveDuplicates();
            assertThat(stream.hasNext()).as("the stream ends after done").isFalse();
        }
    }

    @Test
    void aCancelledJobEndsItsStreamAndSomeoneElsesStreamIsNotFound() throws Exception {
        worker.pause();
        String token = api.signupToken();
        String jobId = submit(token);
        assertThat(api.delete("/api/v1/playground/jobs/" + jobId, token).status()).isEqualTo(200);

        try (Stream<String> lines = open(jobId, token)) {
            Iterator<String> stream = lines.iterator();
            assertThat(next(stream).data().path("status").asString()).isEqualTo("cancelled");
            Event done = next(stream);
            assertThat(done.name()).isEqualTo("done");
            assertThat(done.data().path("status").asString()).isEqualTo("cancelled");
        }
        Api.Response stranger = api.get("/api/v1/playground/jobs/" + jobId + "/events", api.signupToken());
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.json().path("error").asString()).isEqualTo("not_found");
    }

    private String submit(String token) {
        return api.post("/api/v1/playground/jobs", runBody(packageId(api, "sql-explainer"), "haiku", "SELECT 1"), token)
            .json()
            .path("jobId")
            .asString();
    }

    private Stream<String> open(String jobId, String token) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
            .send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/playground/jobs/" + jobId + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        return response.body();
    }

    private static Event next(Iterator<String> lines) {
        String name = null;
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty() && name != null) {
                return new Event(name, JsonMapper.builder().build().readTree(data.toString()));
            }
            if (line.startsWith("event:")) {
                name = line.substring("event:".length()).strip();
            }
            else if (line.startsWith("data:")) {
                data.append(line.substring("data:".length()));
            }
        }
        throw new AssertionError("the stream ended before the next event");
    }

    record Event(String name, JsonNode data) {
    }

}
