package dev.prpm.playground.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for tests: real requests over the loopback to the running app. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Supplier<Integer> port;

    public Api(Supplier<Integer> port) {
        this.port = port;
    }

    public Response get(String path, String token) {
        return send(builder(path, token).GET());
    }

    public Response get(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder builder = builder(path, token).GET();
        headers.forEach(builder::header);
        return send(builder);
    }

    public Response get(String path) {
        return get(path, null);
    }

    public Response post(String path, Object body, String token) {
        return send(builder(path, token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))));
    }

    public Response post(String path, Object body, String token, Map<String, String> headers) {
        HttpRequest.Builder builder = builder(path, token).header("Content-Type", "application/json");
        headers.forEach(builder::header);
        return send(builder
            .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))));
    }

    public Response post(String path, Object body) {
        return post(path, body, null);
    }

    public Response put(String path, Object body, String token) {
        return send(builder(path, token).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))));
    }

    public Response delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    public Response method(String method, String path) {
        return send(builder(path, null).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** Signs up a fresh user and returns its bearer token. */
    public String signupToken() {
        return signup("user-" + UUID.randomUUID() + "@example.com").json().path("token").asString();
    }

    public Response signup(String email) {
        return post("/api/v1/auth/signup", Map.of("email", email, "password", "correct-horse-battery"));
    }

    private HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.get() + path))
            .timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), response);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status, body and content type of a response. */
    public record Response(int status, String body, String contentType, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

}
