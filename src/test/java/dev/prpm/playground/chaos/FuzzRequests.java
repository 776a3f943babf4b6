package dev.prpm.playground.chaos;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Malformed requests for every operation of the OpenAPI document: broken or hostile path
 * and query values, wrong or missing credentials and content types, and bodies that are
 * not JSON, the wrong JSON, JSON with wrong types, too deep, too large or not UTF-8.
 * Seeded, so a failing pass can be replayed.
 */
final class FuzzRequests {

    /** One operation of the API. */
    record Endpoint(String method, String template) {
    }

    private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

    private static final List<String> PATH_VALUES = List.of("not-a-uuid", "00000000-0000-0000-0000-000000000000",
            "%ff%fe", "..%2F..%2Fetc%2Fpasswd", "%00", "'%20OR%201=1--", "%E2%80%AE", "-1", "99999999999999999999",
            "a".repeat(3000), "%40scope%2Fname", "%25", "null");

    private static final List<String> QUERIES = List.of("", "?page=-1", "?size=0", "?size=99999999999", "?page=abc",
            "?q=%ff%fe", "?limit=1e9", "?cursor=%00%01", "?cursor=not-base64!!", "?type=%3Cscript%3E",
            "?from=yesterday&to=tomorrow", "?waitSeconds=-5", "?packageId=x&page=1&page=2",
            "?version=" + "9".repeat(400), "?q=" + "x".repeat(5000));

    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json", "text/plain",
            "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=klingon", "application/json; charset=utf-16", "*/*", "");

    private final Random random;

    private final List<Endpoint> endpoints;

    private final String baseUrl;

    private final String validToken;

    private final String validPackageId;

    FuzzRequests(long seed, List<Endpoint> endpoints, String baseUrl, String validToken, String validPackageId) {
        this.random = new Random(seed);
        this.endpoints = endpoints;
        this.baseUrl = baseUrl;
        this.validToken = validToken;
        this.validPackageId = validPackageId;
    }

    /** The API's operations, from its OpenAPI document (the probes of tests excluded). */
    static List<Endpoint> endpoints(JsonNode openApi) {
        List<Endpoint> found = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith("/test/")) {
                continue;
            }
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    found.add(new Endpoint(method.toUpperCase(), path.getKey()));
                }
            }
        }
        return found;
    }

    /** The next malformed request (and the operation it aims at). */
    synchronized Fuzzed next() {
        Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        String method = random.nextInt(10) == 0 ? pick(List.of("PUT", "PATCH", "DELETE", "POST", "GET", "OPTIONS"))
                : endpoint.method();
        String path = endpoint.template();
        while (path.contains("{")) {
            int open = path.indexOf('{');
            int close = path.indexOf('}', open);
            String value = random.nextInt(4) == 0 ? UUID.randomUUID().toString() : pick(PATH_VALUES);
            path = path.substring(0, open) + value + path.substring(close + 1);
        }
        String query = random.nextInt(3) == 0 ? "" : pick(QUERIES);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path + query))
            .timeout(Duration.ofSeconds(60));
        boolean revoking = path.endsWith("/auth/logout");
        switch (random.nextInt(5)) {
            case 0, 1 -> {
                if (!revoking) { // the fuzzer's own token must stay valid
                    builder.header("Authorization", "Bearer " + validToken);
                }
            }
            case 2 -> builder.header("Authorization", pick(List.of("Bearer ", "Bearer a.b.c", "Basic Zm9vOmJhcg==",
                    "Bearer " + "x".repeat(4000), "bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Token abc")));
            default -> {
            }
        }
        if (random.nextInt(4) == 0) {
            builder.header("Idempotency-Key",
                    pick(List.of("k-" + random.nextInt(50), "x".repeat(300), "bad key with spaces")));
        }
        String contentType = pick(CONTENT_TYPES);
        if (!contentType.isEmpty()) {
            builder.header("Content-Type", contentType);
        }
        builder.header("Accept", pick(List.of("application/json", "*/*", "text/html", "application/xml",
                "application/problem+json", "text/event-stream")));
        byte[] body = body();
        builder.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return new Fuzzed(endpoint, method + " " + path + query, builder.build());
    }

    /** A request and what it was meant to hit. */
    record Fuzzed(Endpoint endpoint, String line, HttpRequest request) {
    }

    private byte[] body() {
        return switch (random.nextInt(16)) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> utf8(pick(List.of("{", "[", "{\"a\":", "nul", "{\"input\": \"unterminated", "}{", "\"text\"")));
            case 3 -> utf8(pick(List.of("null", "[]", "0", "true", "\"a string\"", "{}", "[{}]")));
            case 4 -> randomBytes(random.nextInt(2000));
            case 5 -> utf8("{\"input\":\"" + "\\ud800" + "\",\"packageId\":\"" + validPackageId + "\"}");
            case 6 -> utf8("[".repeat(5000) + "]".repeat(5000));
            case 7 -> utf8("{\"packageId\":" + pick(List.of("1", "true", "[]", "{}", "\"x\"")) + ",\"model\":"
                    + pick(List.of("1", "null", "\"no-such-model\"", "\"sonnet\"")) + ",\"input\":"
                    + pick(List.of("1", "null", "\"\"", "[\"a\"]", "\"" + "y".repeat(60_000) + "\"")) + "}");
            case 8 -> utf8("{\"packageId\":\"" + validPackageId + "\",\"model\":\"haiku\",\"input\":\"fuzz\","
                    + "\"maxOutputTokens\":" + pick(List.of("-1", "0", "1e400", "99999999999999999999", "\"ten\""))
                    + ",\"conversationId\":" + pick(List.of("\"nope\"", "\"" + UUID.randomUUID() + "\"", "7")) + "}");
            case 9 -> utf8("{\"email\":"
                    + pick(List.of("\"not-an-email\"", "1", "\"a@b\"", "\"" + "e".repeat(300) + "@x.io\""))
                    + ",\"password\":"
                    + pick(List.of("\"short\"", "null", "\"" + "p".repeat(200) + "\"", "\"" + "é".repeat(60) + "\""))
                    + "}");
            case 10 -> utf8("{\"packId\":" + pick(List.of("\"gigantic\"", "null", "5", "\"small\"")) + "}");
            case 11 -> utf8("{\"a\":1e99999999,\"b\":-0.0000000000000000000000001e-99999}");
            case 12 -> utf8("{\"rating\":" + pick(List.of("0", "6", "\"five\"", "3.7", "-1")) + ",\"comment\":\""
                    + "c".repeat(random.nextInt(3000)) + "\"}");
            case 13 -> random.nextInt(8) == 0 ? utf8("{\"input\":\"" + "z".repeat(1_100_000) + "\"}")
                    : utf8("{\"input\":\"" + "z".repeat(60_000) + "\"}");
            case 14 -> utf8("{\"" + "k".repeat(100_000) + "\":1}");
            default -> utf8("{\"left\":{\"model\":[]},\"right\":7,\"input\":{\"$ne\":null},\"__proto__\":{}}");
        };
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

}
