package dev.prpm.playground.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Authors publish versions: the new version is the latest at once (the cache serves it on
 * the very next read), others get 403, versions are immutable (409), and prompts above
 * 50,000 characters are refused. Reads are served from the in-process cache level.
 */
@IntegrationTest
class PublishingTest {

    @Autowired
    Api api;

    @Autowired
    MeterRegistry meters;

    @Test
    void anAuthorPublishesAVersionThatTheNextRunUses() {
        String author = api.signupToken();
        String name = "@t" + UUID.randomUUID().toString().substring(0, 8) + "/reviewer";
        Api.Response created = api.post("/api/v1/packages", Map.of("name", name, "description", "Reviews code", "tags",
                List.of("review"), "version", "1.0.0", "snippet", "You review code. Marker one."), author);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(api.get("/api/v1/packages/" + id).json().path("latestVersion").asString()).isEqualTo("1.0.0");
        assertThat(runOutput(author, id)).contains("Marker one");

        Api.Response published = api.post("/api/v1/packages/" + id + "/versions",
                Map.of("version", "1.1.0", "snippet", "You review code. Marker two.", "changelog", "Sharper"), author);
        assertThat(published.status()).isEqualTo(201);
        assertThat(published.json().path("latestVersion").asString()).isEqualTo("1.1.0");
        JsonNode detail = api.get("/api/v1/packages/" + id).json();
        assertThat(detail.path("latestVersion").asString()).isEqualTo("1.1.0");
        assertThat(detail.path("version").path("snippet").asString()).contains("Marker two");
        assertThat(
                api.get("/api/v1/packages/" + id + "?version=1.0.0").json().path("version").path("snippet").asString())
            .as("old versions stay as they were")
            .contains("Marker one");
        assertThat(runOutput(author, id)).contains("Marker two");
    }

    @Test
    void onlyTheAuthorPublishesAndVersionsAreImmutable() {
        String author = api.signupToken();
        String stranger = api.signupToken();
        String name = "@t" + UUID.randomUUID().toString().substring(0, 8) + "/helper";
        String id = api.post("/api/v1/packages", Map.of("name", name, "version", "1.0.0", "snippet", "Help."), author)
            .json()
            .path("id")
            .asString();

        Api.Response forbidden = api.post("/api/v1/packages/" + id + "/versions",
                Map.of("version", "2.0.0", "snippet", "Hijacked"), stranger);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().path("error").asString()).isEqualTo("forbidden");
        Api.Response again = api.post("/api/v1/packages/" + id + "/versions",
                Map.of("version", "1.0.0", "snippet", "Other text"), author);
        assertThat(again.status()).isEqualTo(409);
        assertThat(api
            .post("/api/v1/packages/" + id + "/versions", Map.of("version", "1.0.1", "snippet", "x".repeat(50_001)),
                    author)
            .status()).isEqualTo(400);
        assertThat(api
            .post("/api/v1/packages/" + id + "/versions", Map.of("version", "not-semver", "snippet", "x"), author)
            .status()).isEqualTo(400);
        assertThat(api.post("/api/v1/packages/" + id + "/versions", Map.of("version", "1.0.1", "snippet", "x"), null)
            .status()).isEqualTo(401);
        String seeded = api.get("/api/v1/packages?q=bug-triage").json().path("items").get(0).path("id").asString();
        assertThat(
                api.post("/api/v1/packages/" + seeded + "/versions", Map.of("version", "9.0.0", "snippet", "x"), author)
                    .status())
            .as("seeded packages have no author")
            .isEqualTo(403);
        assertThat(api.post("/api/v1/packages", Map.of("name", name, "version", "1.0.0", "snippet", "Dup"), author)
            .status()).isEqualTo(409);
        assertThat(api.get("/api/v1/packages/" + id).json().path("version").path("snippet").asString())
            .isEqualTo("Help.");
    }

    @Test
    void repeatedReadsAreServedByTheInProcessLevel() {
        String id = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        api.get("/api/v1/packages/" + id);
        double hitsBefore = hits("l1");
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/v1/packages/" + id).status()).isEqualTo(200);
        }
        assertThat(hits("l1") - hitsBefore).as("head and version, five times").isGreaterThanOrEqualTo(10);
    }

    private double hits(String level) {
        return meters.get("prpm.package.cache.requests").tag("level", level).tag("result", "hit").counter().count();
    }

    private String runOutput(String token, String packageId) {
        Api.Response run = api.post("/api/v1/playground/run",
                Map.of("packageId", packageId, "model", "haiku", "input", "Review: x = 1"), token);
        assertThat(run.status()).isEqualTo(200);
        return run.json().path("output").asString();
    }

}
