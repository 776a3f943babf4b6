package dev.prpm.playground.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class SessionApiTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    private String packageId(String query) {
        return api.get("/api/v1/packages?q=" + query).json().path("items").get(0).path("id").asString();
    }

    private String run(String token, String pkg, String input) {
        return api.post("/api/v1/playground/run", Map.of("packageId", pkg, "model", "haiku", "input", input), token)
            .json()
            .path("sessionId")
            .asString();
    }

    @Test
    void listsMySessionsNewestFirstAndFiltersByPackage() {
        String token = api.signupToken();
        String sql = packageId("sql-explainer");
        String regex = packageId("regex-helper");
        run(token, sql, "one");
        run(token, regex, "two");
        String newest = run(token, sql, "three");

        JsonNode all = api.get("/api/v1/playground/sessions?size=2", token).json();
        assertThat(all.path("total").asLong()).isEqualTo(3);
        assertThat(all.path("items")).hasSize(2);
        assertThat(all.path("items").get(0).path("id").asString()).isEqualTo(newest);
        assertThat(all.path("items").get(0).path("title").asString()).isEqualTo("three");
        JsonNode onlySql = api.get("/api/v1/playground/sessions?packageId=" + sql, token).json();
        assertThat(onlySql.path("total").asLong()).isEqualTo(2);
        assertThat(onlySql.path("items").findValuesAsString("packageName")).containsOnly("@prpm/sql-explainer");
    }

    @Test
    void pagesFollowTheCursorWithoutGapsOrRepeatsAndDeepOffsetsAreRefused() {
        String token = api.signupToken();
        String sql = packageId("sql-explainer");
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(run(token, sql, "run " + i));
        }
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api
                .get("/api/v1/playground/sessions?size=2&packageId=" + sql
                        + (cursor == null ? "" : "&cursor=" + cursor), token)
                .json();
            assertThat(page.path("total").asLong()).isEqualTo(5);
            assertThat(page.path("totalExact").asBoolean()).isTrue();
            page.path("items").forEach(item -> seen.add(item.path("id").asString()));
            cursor = page.path("nextCursor").isMissingNode() || page.path("nextCursor").isNull() ? null
                    : page.path("nextCursor").asString();
            pages++;
        }
        while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created.reversed());

        Api.Response invalid = api.get("/api/v1/playground/sessions?cursor=not-ours", token);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("error").asString()).isEqualTo("validation_failed");
        assertThat(api.get("/api/v1/playground/sessions?page=11&size=100", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/playground/sessions?size=101", token).status()).isEqualTo(400);
    }

    @Test
    void anotherUserCannotReadDeleteShareOrRateMySession() {
        String mine = api.signupToken();
        String theirs = api.signupToken();
        String session = run(mine, packageId("email-polisher"), "hi team");
        String path = "/api/v1/playground/sessions/" + session;

        for (Api.Response response : new Api.Response[] { api.get(path, theirs), api.delete(path, theirs),
                api.post(path + "/share", "", theirs), api.delete(path + "/share", theirs),
                api.post(path + "/rating", Map.of("rating", 1), theirs) }) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().path("error").asString()).isEqualTo("session_not_found");
        }
        Api.Response unknown = api.get("/api/v1/playground/sessions/" + UUID.randomUUID(), theirs);
        JsonNode stranger = api.get(path, theirs).json();
        for (String field : new String[] { "status", "error", "title", "detail" }) {
            assertThat(stranger.path(field)).as("same answer as for a session that does not exist: " + field)
                .isEqualTo(unknown.json().path(field));
        }
        assertThat(api.get(path, mine).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/playground/sessions", theirs).json().path("total").asLong()).isZero();
    }

    @Test
    void aSharedLinkWorksLoggedOutAndStopsAfterUnshare() {
        String token = api.signupToken();
        String session = run(token, packageId("translator-en-fr"), "good morning");
        JsonNode share = api.post("/api/v1/playground/sessions/" + session + "/share", "", token).json();
        String token1 = share.path("token").asString();
        assertThat(token1).hasSizeGreaterThanOrEqualTo(43);
        assertThat(api.post("/api/v1/playground/sessions/" + session + "/share", "", token)
            .json()
            .path("token")
            .asString()).as("sharing twice keeps the link").isEqualTo(token1);

        Api.Response shared = api.get(share.path("url").asString());
        assertThat(shared.status()).isEqualTo(200);
        assertThat(shared.json().path("messages")).hasSize(2);
        assertThat(shared.json().path("packageName").asString()).isEqualTo("@prpm/translator-en-fr");
        assertThat(shared.body()).doesNotContain("credits").doesNotContain("userId").doesNotContain("email");

        assertThat(api.delete("/api/v1/playground/sessions/" + session + "/share", token).status()).isEqualTo(204);
        assertThat(api.get(share.path("url").asString()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/playground/shared/" + "A".repeat(43)).status()).isEqualTo(404);
    }

    @Test
    void ratingIsWrittenToUsageAndValidated() {
        String token = api.signupToken();
        String session = run(token, packageId("interview-coach"), "ask me something");
        Api.Response rated = api.post("/api/v1/playground/sessions/" + session + "/rating", Map.of("rating", 4), token);
        assertThat(rated.status()).isEqualTo(200);
        assertThat(rated.json().path("runsRated").asInt()).isEqualTo(1);
        // Ratings reach the usage rows after commit (SessionRated, event publication
        // registry).
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(jdbc.sql("SELECT rating FROM usage WHERE session_id = :s")
                .param("s", UUID.fromString(session))
                .query(Integer.class)
                .optional()).contains(4));
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(jdbc.sql(
                    "SELECT count(*) FROM event_publication WHERE event_type LIKE '%SessionRated' AND completion_date IS NULL")
                .query(Long.class)
                .single()).isZero());
        assertThat(api.post("/api/v1/playground/sessions/" + session + "/rating", Map.of("rating", 6), token).status())
            .isEqualTo(400);
    }

    @Test
    void deletingRemovesTheSessionForGood() {
        String token = api.signupToken();
        String session = run(token, packageId("commit-message"), "fix: typo");
        assertThat(api.delete("/api/v1/playground/sessions/" + session, token).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/playground/sessions/" + session, token).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/playground/sessions/" + session, token).status()).isEqualTo(404);
    }

}
