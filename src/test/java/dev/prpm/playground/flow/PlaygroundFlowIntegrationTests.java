package dev.prpm.playground.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The user's story end to end, through the HTTP API only: sign up, buy a pack, run a
 * package, continue the conversation, share it, and find every credit accounted for.
 */
@IntegrationTest
@ActiveProfiles({ "dev", "test" })
@DirtiesContext
@TestPropertySource(properties = { "prpm.billing.enabled=true", "prpm.billing.mode=dev",
        "prpm.billing.webhook-secret=whsec_dev_flow", "server.address=127.0.0.1" })
class PlaygroundFlowIntegrationTests {

    @Autowired
    Api api;

    @Test
    void aNewUserBuysCreditsRunsAPackageAndEveryCreditIsAccountedFor() {
        var me = signUp();
        assertThat(balanceOf(me)).isEqualTo(5);

        buy(me, "small");
        assertThat(balanceOf(me)).isEqualTo(105);

        var run = runPackage(me, "code-reviewer", "Review: for (i = 0; i <= n; i++) sum += a[i];");
        assertThat(balanceOf(me)).isEqualTo(105 - run.credits());

        var followUp = continueConversation(me, run, "And how would you test it?");
        assertThat(followUp.session()).isEqualTo(run.session());
        assertThat(balanceOf(me)).isEqualTo(105 - run.credits() - followUp.credits());

        var shared = share(me, run);
        assertThat(shared.path("messages").size()).isEqualTo(4);
        assertThat(history(me)).isEqualTo(run.credits() + followUp.credits());
    }

    private String signUp() {
        return api.signupToken();
    }

    private void buy(String me, String pack) {
        var purchase = api.post("/api/v1/credits/purchase", Map.of("packId", pack), me);
        assertThat(purchase.status()).isEqualTo(200);
    }

    private Run runPackage(String me, String packageName, String input) {
        String packageId = api.get("/api/v1/packages?q=" + packageName)
            .json()
            .path("items")
            .get(0)
            .path("id")
            .asString();
        return run(me, Map.of("packageId", packageId, "model", "sonnet", "input", input));
    }

    private Run continueConversation(String me, Run previous, String input) {
        Map<String, Object> body = new HashMap<>();
        body.put("packageId", previous.packageId());
        body.put("model", "sonnet");
        body.put("input", input);
        body.put("conversationId", previous.session());
        return run(me, body);
    }

    private Run run(String me, Map<String, ?> body) {
        var response = api.post("/api/v1/playground/run", body, me);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode json = response.json();
        return new Run(String.valueOf(body.get("packageId")), json.path("sessionId").asString(),
                json.path("credits").path("charged").asLong());
    }

    private JsonNode share(String me, Run run) {
        var link = api.post("/api/v1/playground/sessions/" + run.session() + "/share", "", me);
        assertThat(link.status()).isEqualTo(200);
        var shared = api.get(link.json().path("url").asString());
        assertThat(shared.status()).isEqualTo(200);
        return shared.json();
    }

    private long balanceOf(String me) {
        return api.get("/api/v1/credits", me).json().path("balance").asLong();
    }

    /** Credits spent according to the ledger history (spend rows). */
    private long history(String me) {
        long spent = 0;
        for (JsonNode entry : api.get("/api/v1/credits/history?limit=100", me).json().path("items")) {
            if ("spend".equals(entry.path("type").asString())) {
                spent -= entry.path("amount").asLong();
            }
        }
        return spent;
    }

    record Run(String packageId, String session, long credits) {
    }

}
