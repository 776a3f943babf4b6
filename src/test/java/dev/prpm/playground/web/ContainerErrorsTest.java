package dev.prpm.playground.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error, from any layer, is problem+json with the real path as {@code instance}, a
 * stable {@code error} code, {@code message} and the correlation id (issue 11, finding
 * 11). Raw requests over a socket, because a normal HTTP client refuses to send most of
 * them.
 */
@IntegrationTest
class ContainerErrorsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Environment environment;

    @Test
    void undecodableQueryIsA400NotA500() throws IOException {
        RawResponse response = get("/api/v1/packages?q=%ff%fe");
        response.assertProblem(400, "malformed_request", "/api/v1/packages");
    }

    @Test
    void pathsTomcatRejectsAreProblemJsonNotTomcatsHtmlPage() throws IOException {
        for (String path : new String[] { "/api/v1/packages/%zz", "/api/v1/packages/a%00b", "/api/v1/packages/..%5C..",
                "/../etc/passwd" }) {
            RawResponse response = get(path);
            response.assertProblem(400, "malformed_request", path);
        }
    }

    @Test
    void malformedRequestsAreProblemJson() throws IOException {
        String bigHeader = "GET /api/v1/packages HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n";
        send(bigHeader).assertProblem(400, "malformed_request", "/api/v1/packages");
        send("GET /api/v1/packages HTTP/1.1\r\nConnection: close\r\n\r\n").assertProblem(400, "malformed_request",
                "/api/v1/packages");
        send("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\nConnection: close\r\n\r\n")
            .assertProblem(400, "malformed_request", "/api/v1/auth/login");
        RawResponse badLine = send("GET /a b c HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        badLine.assertProblem(400, "malformed_request", null);
        RawResponse badMethod = send("G@T / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        badMethod.assertProblem(400, "malformed_request", null);
    }

    @Test
    void frameworkNotFoundCarriesTheRealPathAndTheCorrelationId() throws IOException {
        get("/api/v1/no-such-route").assertProblem(404, "not_found", "/api/v1/no-such-route");
        get("/nope").assertProblem(404, "not_found", "/nope");
        send("GET /nope HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
            .assertProblem(404, "not_found", "/nope");
        get("/api/v1/packages/..;/x").assertProblem(404, "not_found", "/api/v1/packages/..;/x");
    }

    @Test
    void containerErrorDispatchNamesTheFailedPathAndKeepsTheRequestsId() throws IOException {
        RawResponse response = send("GET /test/container-error HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Request-Id: probe-0123456789\r\nConnection: close\r\n\r\n");
        response.assertProblem(409, "conflict", "/test/container-error");
        assertThat(response.body().path("correlationId").asString()).isEqualTo("probe-0123456789");
    }

    @Test
    void anUndecodableFormBodyOnPutPatchOrDeleteIsA400NotA500() throws IOException {
        // found by the fuzz pass: Spring's FormContentFilter parses these bodies before
        // Spring MVC and threw (the error dispatch answered 500)
        String job = "/api/v1/playground/jobs/" + UUID.randomUUID();
        String[][] requests = { { "PUT", "/error", "?cursor=%00%01" }, { "POST", "/error", "?q=%ff%fe" },
                { "PATCH", "/error", "?page=-1" }, { "DELETE", "/error", "" }, { "DELETE", job, "?cursor=%00%01" },
                { "DELETE", "/api/v1/playground/sessions/..%2F..%2Fetc%2Fpasswd/share", "" },
                { "PATCH", "/api/v1/auth/logout", "?size=0" } };
        for (String[] request : requests) {
            for (String body : new String[] { "a=%zz", "%", "x=%e9%", "a=%\u00ff%^" }) {
                RawResponse response = send(request[0] + " " + request[1] + request[2] + " HTTP/1.1\r\n"
                        + "Host: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n" + "Content-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
                if ("POST".equals(request[0])) {
                    // POST form bodies are parsed by Tomcat only when read: not a 500
                    // either
                    assertThat(response.status()).as(request[0] + " " + request[1]).isBetween(400, 499);
                    continue;
                }
                response.assertProblem(400, "malformed_request", request[1]);
            }
        }
    }

    private RawResponse get(String path) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    private RawResponse send(String request) throws IOException {
        int port = environment.getProperty("local.server.port", Integer.class);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return RawResponse.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    record RawResponse(int status, Map<String, String> headers, String text) {

        static RawResponse parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String[] head = raw.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        head[i].substring(colon + 1).trim());
            }
            String body = raw.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new RawResponse(Integer.parseInt(head[0].split(" ")[1]), headers, body);
        }

        private static String dechunk(String chunked) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return out.toString();
                }
                out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }

        JsonNode body() {
            return JSON.readTree(text);
        }

        void assertProblem(int expectedStatus, String error, String instance) {
            assertThat(status).as(text).isEqualTo(expectedStatus);
            assertThat(headers.get("content-type")).as(text).startsWith("application/problem+json");
            JsonNode body = body();
            assertThat(body.path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(body.path("error").asString()).isEqualTo(error);
            assertThat(body.path("message").asString()).isEqualTo(body.path("detail").asString()).isNotBlank();
            assertThat(body.path("correlationId").asString()).isNotBlank().isEqualTo(headers.get("x-request-id"));
            if (instance != null) {
                assertThat(body.path("instance").asString()).isEqualTo(instance);
            }
            assertThat(text).doesNotContain("<html").doesNotContain("Exception").doesNotContain("Tomcat");
        }

    }

}
