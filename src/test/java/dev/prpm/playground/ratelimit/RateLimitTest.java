package dev.prpm.playground.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.billing.PriceKind;
import dev.prpm.playground.billing.SubscriptionPeriodPaid;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.TestApiConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The product's limits against a running server on the real Redis: free 5, PRPM+ 20, org
 * 100 runs a minute (a comparison takes one per leg), 10 signups/logins per IP; 429
 * {@code rate_limit_exceeded} with Retry-After, and RateLimit-* headers on successes too.
 * Each test signs up one user from 127.0.0.1 (under the IP limit of 10); the IP test uses
 * its own loopback address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "prpm.redis.key-prefix=ratelimit-test-${random.uuid}:", "prpm.rate-limit.free=5",
                "prpm.rate-limit.plus=20", "prpm.rate-limit.org=100", "prpm.rate-limit.auth-per-ip=10" })
@ActiveProfiles("test")
@Import(TestApiConfiguration.class)
@DirtiesContext
class RateLimitTest {

    @Autowired
    Api api;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @LocalServerPort
    int port;

    @Test
    void theSixthRunOfAFreeUserInAMinuteIsRefusedWithRetryAfter() {
        String token = api.signupToken();
        String pkg = packageId("bug-triage");
        for (int i = 1; i <= 5; i++) {
            Api.Response ok = run(token, pkg);
            assertThat(ok.status()).as("run %d", i).isEqualTo(200);
            assertThat(ok.header("RateLimit-Limit")).isEqualTo("5");
            assertThat(ok.header("RateLimit-Remaining")).isEqualTo(Integer.toString(5 - i));
            assertThat(Long.parseLong(ok.header("RateLimit-Reset"))).isBetween(1L, 60L);
        }
        Api.Response refused = run(token, pkg);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.path("error").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(problem.path("limit").asInt()).isEqualTo(5);
        assertThat(problem.path("retryAfter").asLong()).isBetween(1L, 60L);
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/playground/run");
        assertThat(problem.path("correlationId").asString()).isNotBlank();
        assertThat(refused.header("Retry-After")).isEqualTo(problem.path("retryAfter").asString());
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("5");
        assertThat(balance(token)).as("nothing was held for the refused run").isZero();

        Api.Response stream = api.post("/api/v1/playground/run/stream", runBody(pkg), token);
        Api.Response job = api.post("/api/v1/playground/jobs", runBody(pkg), token);
        assertThat(stream.status()).as("stream shares the limit").isEqualTo(429);
        assertThat(job.status()).as("jobs share the limit").isEqualTo(429);
    }

    @Test
    void aComparisonTakesOnePermitPerLeg() {
        String token = api.signupToken();
        Map<String, Object> compare = Map.of("input", "Summarise: the build is red", "left",
                Map.of("packageId", packageId("bug-triage"), "model", "haiku"), "right",
                Map.of("packageId", packageId("incident-postmortem"), "model", "haiku"));
        assertThat(api.post("/api/v1/playground/compare", compare, token).status()).isEqualTo(200);
        Api.Response second = api.post("/api/v1/playground/compare", compare, token);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("RateLimit-Remaining")).isEqualTo("1");

        Api.Response third = api.post("/api/v1/playground/compare", compare, token);
        assertThat(third.status()).as("two legs do not fit in the one permit left").isEqualTo(429);
        assertThat(run(token, packageId("bug-triage")).status()).as("a single run still fits").isEqualTo(200);
        assertThat(run(token, packageId("bug-triage")).status()).isEqualTo(429);
    }

    @Test
    void aPlusUserGetsTwentyAndATierChangeTakesEffectAtOnce() {
        String token = api.signupToken();
        String pkg = packageId("naming-helper");
        for (int i = 0; i < 5; i++) {
            assertThat(run(token, pkg).status()).isEqualTo(200);
        }
        assertThat(run(token, pkg).status()).isEqualTo(429);

        subscribe(token, PriceKind.INDIVIDUAL);
        assertThat(api.get("/api/v1/me", token).json().path("tier").asString()).isEqualTo("plus");
        Api.Response upgraded = run(token, pkg);
        assertThat(upgraded.status()).as("the next run after the upgrade").isEqualTo(200);
        assertThat(upgraded.header("RateLimit-Limit")).isEqualTo("20");
        assertThat(upgraded.header("RateLimit-Remaining")).isEqualTo("14");
        for (int i = 7; i <= 20; i++) {
            assertThat(run(token, pkg).status()).as("run %d", i).isEqualTo(200);
        }
        Api.Response refused = run(token, pkg);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("limit").asInt()).isEqualTo(20);
    }

    @Test
    void anOrganisationSubscriptionMakesTheUserOrgWithItsLimit() {
        String token = api.signupToken();
        subscribe(token, PriceKind.ORG);
        assertThat(api.get("/api/v1/me", token).json().path("tier").asString()).isEqualTo("org");
        Api.Response ok = run(token, packageId("bug-triage"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("RateLimit-Limit")).isEqualTo("100");
        assertThat(ok.header("RateLimit-Remaining")).isEqualTo("99");
    }

    @Test
    void signupsAndLoginsAreLimitedPerAddress() throws Exception {
        HttpClient fromElsewhere = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
        String email = "ip-" + UUID.randomUUID() + "@example.com";
        assertThat(post(fromElsewhere, "/api/v1/auth/signup", email).statusCode()).isEqualTo(201);
        for (int i = 2; i <= 10; i++) {
            HttpResponse<String> login = post(fromElsewhere, "/api/v1/auth/login", email);
            assertThat(login.statusCode()).as("attempt %d", i).isEqualTo(200);
            assertThat(login.headers().firstValue("RateLimit-Remaining")).contains(Integer.toString(10 - i));
        }
        HttpResponse<String> refused = post(fromElsewhere, "/api/v1/auth/login", email);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"error\":\"rate_limit_exceeded\"");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(post(fromElsewhere, "/api/v1/auth/signup", "x-" + email).statusCode()).isEqualTo(429);

        assertThat(api.post("/api/v1/auth/login", Map.of("email", email, "password", "correct-horse-battery")).status())
            .as("another address is not affected")
            .isEqualTo(200);
    }

    private HttpResponse<String> post(HttpClient client, String path, String email)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers
                .ofString("{\"email\":\"" + email + "\",\"password\":\"correct-horse-battery\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void subscribe(String token, PriceKind kind) {
        UUID user = UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
        transactions.executeWithoutResult(tx -> events
            .publishEvent(new SubscriptionPeriodPaid(user, 200, Instant.now(), false, "in_" + user, kind)));
    }

    private Api.Response run(String token, String pkg) {
        return api.post("/api/v1/playground/run", runBody(pkg), token);
    }

    private long balance(String token) {
        return api.get("/api/v1/credits", token).json().path("balance").asLong();
    }

    private String packageId(String query) {
        return api.get("/api/v1/packages?q=" + query).json().path("items").get(0).path("id").asString();
    }

    private static Map<String, Object> runBody(String pkg) {
        Map<String, Object> body = new HashMap<>();
        body.put("packageId", pkg);
        body.put("model", "haiku");
        body.put("input", "Triage: login fails after deploy");
        return body;
    }

}
