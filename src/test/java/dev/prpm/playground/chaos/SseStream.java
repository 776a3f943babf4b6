package dev.prpm.playground.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A streamed run read in the background, as a browser would: its events in order. */
final class SseStream {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();

    private final List<Event> events = new CopyOnWriteArrayList<>();

    private final CompletableFuture<Integer> ended = new CompletableFuture<>();

    private volatile int status;

    private String pendingName = "message";

    /** Posts the run and starts reading its stream. */
    static SseStream open(int port, String token, String body) {
        SseStream stream = new SseStream();
        HttpRequest request = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/playground/run/stream"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            stream.status = response.statusCode();
            response.body().forEach(stream::line);
        }).whenComplete((ignored, failure) -> stream.ended.complete(stream.status));
        return stream;
    }

    private synchronized void line(String line) {
        if (line.startsWith("event:")) {
            pendingName = line.substring(6).strip();
        }
        else if (line.startsWith("data:")) {
            events.add(new Event(pendingName, line.substring(5).strip()));
            pendingName = "message";
        }
    }

    boolean started() {
        return events.stream().anyMatch(e -> e.name().equals("start"));
    }

    /** Text is arriving: at least one delta and no end yet. */
    boolean streaming() {
        return !ended() && events.stream().anyMatch(e -> e.name().equals("delta"));
    }

    boolean ended() {
        return ended.isDone();
    }

    int status() {
        return status;
    }

    /** The last event, or null. */
    Event last() {
        return events.isEmpty() ? null : events.getLast();
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** One server-sent event. */
    record Event(String name, String data) {

        JsonNode json() {
            return JSON.readTree(data);
        }

    }

}
