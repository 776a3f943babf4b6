package dev.prpm.playground.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ErrorModelTest {

    @Autowired
    Api api;

    @Test
    void invalidBodyGivesValidationFailedWithEachField() {
        Api.Response response = api.post("/api/v1/auth/signup", Map.of("email", "not-an-email", "password", "short"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("error").asString()).isEqualTo("validation_failed");
        assertThat(body.path("status").asInt()).isEqualTo(400);
        assertThat(body.path("type").asString()).endsWith("/validation_failed");
        assertThat(body.path("errors").findValuesAsString("field")).containsExactly("email", "password");
        assertThat(body.path("correlationId").asString()).isNotBlank();
    }

    @Test
    void malformedJsonIsA400NotA500() {
        Api.Response response = api.post("/api/v1/auth/login", "{\"email\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asString()).isEqualTo("malformed_request");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.prpm");
    }

    @Test
    void unknownRouteIs404ProblemJson() {
        Api.Response response = api.get("/api/v1/no-such-route");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("error").asString()).isEqualTo("not_found");
    }

    @Test
    void wrongMethodIs405ProblemJson() {
        Api.Response response = api.method("PUT", "/api/v1/auth/login");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.json().path("error").asString()).isEqualTo("method_not_allowed");
    }

    @Test
    void correlationIdIsEchoedWhenSafe() {
        Api.Response response = api.get("/api/v1/packages?size=1");
        assertThat(response.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void healthReadinessAndOpenApiAreServed() {
        assertThat(api.get("/actuator/health/readiness").json().path("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness").json().path("status").asString()).isEqualTo("UP");
        JsonNode docs = api.get("/v3/api-docs").json();
        assertThat(docs.path("paths").has("/api/v1/auth/signup")).isTrue();
        assertThat(docs.path("paths").has("/api/v1/packages")).isTrue();
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", "test-metrics-token-0123456789").body())
            .contains("jvm_memory_used_bytes");
    }

}
