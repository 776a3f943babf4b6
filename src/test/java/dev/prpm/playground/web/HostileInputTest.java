package dev.prpm.playground.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bodies are capped before they are read (declared or chunked), JSON is parsed within
 * bounds, and responses carry the security headers (issue #11, findings 3 and 14).
 */
@IntegrationTest
class HostileInputTest {

    /**
     * Over the 1 MB limit, under Tomcat's 2 MB swallow size (beyond it the connection is
     * reset).
     */
    private static final int OVER_LIMIT = 1_500_000;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    Api api;

    @Value("${local.server.port}")
    int port;

    @Test
    void aDeclaredOversizedBodyIs413BeforeItIsRead() throws Exception {
        for (String path : new String[] { "/api/v1/auth/signup", "/api/v1/webhooks/stripe/credits" }) {
            HttpResponse<String> response = send(path, HttpRequest.BodyPublishers.ofByteArray(bigJson()));
            assertTooLarge(response, path);
        }
    }

    @Test
    void aChunkedOversizedBodyIs413Too() throws Exception {
        for (String path : new String[] { "/api/v1/auth/signup", "/api/v1/webhooks/stripe/credits" }) {
            // no length known up front: the client sends it chunked
            HttpResponse<String> response = send(path,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bigJson())));
            assertTooLarge(response, path);
        }
    }

    @Test
    void aBodyUnderTheLimitStillWorks() {
        Api.Response response = api.post("/api/v1/auth/signup",
                "{\"email\":\"small-body-" + System.nanoTime()
                        + "@example.com\",\"password\":\"correct-horse-battery\"," + "\"padding\":\""
                        + "x".repeat(500_000) + "\"}");
        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void deeplyNestedJsonIsAMalformedRequest() {
        String nested = "[".repeat(200) + "]".repeat(200);
        Api.Response response = api.post("/api/v1/auth/signup",
                "{\"email\":\"nested@example.com\",\"password\":\"correct-horse-battery\",\"x\":" + nested + "}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("error").asString()).isEqualTo("malformed_request");
    }

    @Test
    void whatTheFuzzPassFoundIsAClientErrorNow() throws Exception {
        // a wildcard Content-Type made Spring MVC throw (500)
        HttpResponse<String> wildcard = client
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
                .header("Content-Type", "*/*")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wildcard.statusCode()).isEqualTo(415);
        JsonNode body = JsonMapper.builder().build().readTree(wildcard.body());
        assertThat(body.path("error").asString()).isEqualTo("unsupported_media_type");
        assertThat(body.path("correlationId").asString()).isNotBlank();
        // the error page requested directly answered 500
        for (String method : new String[] { "GET", "PUT", "DELETE" }) {
            Api.Response error = api.method(method, "/error");
            assertThat(error.status()).as(method).isEqualTo(404);
            assertThat(error.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void responsesCarrySecurityHeaders() {
        Api.Response anonymous = api.get("/api/v1/packages?size=1");
        assertThat(anonymous.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(anonymous.header("Strict-Transport-Security")).isNull(); // plain HTTP

        String token = api.signupToken();
        Api.Response credits = api.get("/api/v1/credits", token);
        assertThat(credits.status()).isEqualTo(200);
        assertThat(credits.header("Cache-Control")).isEqualTo("no-store");
        assertThat(credits.header("X-Content-Type-Options")).isEqualTo("nosniff");
        Api.Response error = api.get("/api/v1/credits", "not-a-token");
        assertThat(error.header("Cache-Control")).isEqualTo("no-store");
        assertThat(error.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void swaggerUiIsOffByDefault() {
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(404);
        assertThat(api.get("/swagger-ui.html").status()).isEqualTo(404);
        assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
    }

    private HttpResponse<String> send(String path, HttpRequest.BodyPublisher body) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = client
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(body)
                .build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("hostile.body path=%s status=%d ms=%d%n", path, response.statusCode(),
                (System.nanoTime() - started) / 1_000_000);
        return response;
    }

    private static void assertTooLarge(HttpResponse<String> response, String path) {
        assertThat(response.statusCode()).as(path).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.path("error").asString()).isEqualTo("payload_too_large");
        assertThat(body.path("instance").asString()).isEqualTo(path);
        assertThat(body.path("correlationId").asString()).isNotBlank();
    }

    private static byte[] bigJson() {
        return ("{\"email\":\"big@example.com\",\"password\":\"correct-horse-battery\",\"padding\":\""
                + "x".repeat(OVER_LIMIT) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    }

}
