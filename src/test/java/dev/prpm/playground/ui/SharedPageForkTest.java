package dev.prpm.playground.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue #16, item 5 on the shared page: a signed-in viewer gets "Rerun it on your model",
 * whose script quotes and runs through the fork API with the session cookie and CSRF
 * header; an anonymous reader is asked to sign in.
 */
@IntegrationTest
class SharedPageForkTest {

    @LocalServerPort
    int port;

    @Autowired
    Api api;

    @Test
    void aSignedInViewerCanQuoteAndRerunFromTheSharedPage() {
        String owner = api.signupToken();
        String pkg = api.get("/api/v1/packages?q=typescript-types").json().path("items").get(0).path("id").asString();
        var run = api.post("/api/v1/playground/run",
                Map.of("packageId", pkg, "model", "haiku", "input", "Type a paginated response"), owner);
        String sessionId = run.json().path("sessionId").asString();
        String token = api.post("/api/v1/playground/sessions/" + sessionId + "/share", Map.of(), owner)
            .json()
            .path("token")
            .asString();

        String anonymous = new WebClient(port).get("/s/" + token).body();
        assertThat(anonymous).doesNotContain("data-testid=\"fork\"").contains("to rerun it on a model of your choice");

        WebClient viewer = new WebClient(port);
        viewer.signUp("fork-" + UUID.randomUUID() + "@example.com");
        String page = viewer.get("/s/" + token).body();
        assertThat(page).contains("data-testid=\"fork\"")
            .contains("data-token=\"" + token + "\"")
            .contains("data-testid=\"fork-quote\"")
            .contains("<script src=\"/js/fork.js\" defer></script>");
        assertThat(viewer.get("/js/fork.js").statusCode()).isEqualTo(200);

        String base = "/api/v1/playground/shared/" + token + "/fork";
        var quote = viewer.send("POST", base + "/estimate", "{\"model\":\"haiku\"}", "Content-Type", "application/json",
                "X-CSRF-Token", viewer.csrf());
        assertThat(quote.statusCode()).isEqualTo(200);
        assertThat(quote.body()).contains("\"holdCredits\":1");
        var fork = viewer.send("POST", base, "{\"model\":\"haiku\"}", "Content-Type", "application/json",
                "X-CSRF-Token", viewer.csrf());
        assertThat(fork.statusCode()).isEqualTo(200);
        assertThat(fork.body()).contains("\"charged\":1");
        assertThat(viewer.send("POST", base, "{\"model\":\"haiku\"}", "Content-Type", "application/json").statusCode())
            .as("the cookie needs the CSRF header")
            .isEqualTo(403);
    }

}
