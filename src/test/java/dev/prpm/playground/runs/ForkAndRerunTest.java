package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue #16, item 5: a signed-in viewer of a shared session quotes and reruns its package
 * and input on a model of their choice, paid from their own credits (checked against the
 * ledger); the owner's credits are never touched; the new session records forkedFrom.
 */
@IntegrationTest
class ForkAndRerunTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    private UUID userOf(String token) {
        return UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
    }

    private long ledgerRows(UUID user) {
        return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u")
            .param("u", user)
            .query(Long.class)
            .single();
    }

    private record Shared(String owner, String sessionId, String token) {
    }

    private Shared sharedSession() {
        String owner = api.signupToken();
        String pkg = api.get("/api/v1/packages?q=java-modernizer").json().path("items").get(0).path("id").asString();
        var run = api.post("/api/v1/playground/run",
                Map.of("packageId", pkg, "model", "sonnet", "input", "Modernise: for (int i = 0; i < n; i++) {}"),
                owner);
        assertThat(run.status()).isEqualTo(200);
        String sessionId = run.json().path("sessionId").asString();
        String token = api.post("/api/v1/playground/sessions/" + sessionId + "/share", Map.of(), owner)
            .json()
            .path("token")
            .asString();
        return new Shared(owner, sessionId, token);
    }

    @Test
    void aViewerQuotesThenRerunsOnTheirModelPayingFromTheirOwnCredits() {
        Shared shared = sharedSession();
        UUID owner = userOf(shared.owner());
        long ownerBalance = api.get("/api/v1/credits", shared.owner()).json().path("balance").asLong();
        long ownerRows = ledgerRows(owner);
        String viewer = api.signupToken();
        UUID me = userOf(viewer);
        String base = "/api/v1/playground/shared/" + shared.token() + "/fork";

        JsonNode quote = api.post(base + "/estimate", Map.of("model", "gpt-4o"), viewer).json();
        assertThat(quote.path("model").asString()).isEqualTo("gpt-4o");
        assertThat(quote.path("holdCredits").asLong()).isEqualTo(2);
        assertThat(quote.path("available").asLong()).isEqualTo(5);
        assertThat(quote.path("affordable").asBoolean()).isTrue();

        var fork = api.post(base, Map.of("model", "gpt-4o"), viewer);
        assertThat(fork.status()).isEqualTo(200);
        JsonNode result = fork.json();
        assertThat(result.path("model").asString()).isEqualTo("gpt-4o");
        assertThat(result.path("credits").path("estimated").asLong()).isEqualTo(quote.path("holdCredits").asLong());
        long charged = result.path("credits").path("charged").asLong();
        assertThat(charged).isLessThanOrEqualTo(quote.path("holdCredits").asLong()).isPositive();
        assertThat(result.path("credits").path("balanceAfter").asLong()).isEqualTo(5 - charged);

        UUID runId = UUID.fromString(result.path("runId").asString());
        long fromLedger = jdbc
            .sql("SELECT -sum(amount) FROM credit_transactions WHERE run_id = :run AND type IN ('spend', 'overdraft')")
            .param("run", runId)
            .query(Long.class)
            .single();
        assertThat(fromLedger).isEqualTo(charged);
        assertThat(jdbc.sql("SELECT DISTINCT user_id FROM credit_transactions WHERE run_id = :run")
            .param("run", runId)
            .query(UUID.class)
            .list()).as("only the viewer's account is touched").containsExactly(me);
        assertThat(api.get("/api/v1/credits", shared.owner()).json().path("balance").asLong()).isEqualTo(ownerBalance);
        assertThat(ledgerRows(owner)).isEqualTo(ownerRows);
        LedgerInvariants.assertHold(jdbc, me);

        JsonNode session = api.get("/api/v1/playground/sessions/" + result.path("sessionId").asString(), viewer).json();
        assertThat(session.path("forkedFrom").asString()).isEqualTo(shared.sessionId());
        assertThat(session.path("messages").get(0).path("content").asString())
            .isEqualTo("Modernise: for (int i = 0; i < n; i++) {}");
        JsonNode original = api.get("/api/v1/playground/sessions/" + shared.sessionId(), shared.owner()).json();
        assertThat(session.path("version").asString()).isEqualTo(original.path("version").asString());
        assertThat(original.path("forkedFrom").isString()).as("an original has no forkedFrom").isFalse();
    }

    @Test
    void aRerunNeedsASignedInViewerALiveLinkAndEnoughCredits() {
        Shared shared = sharedSession();
        String base = "/api/v1/playground/shared/" + shared.token() + "/fork";

        assertThat(api.post(base, Map.of("model", "haiku")).status()).isEqualTo(401);

        String viewer = api.signupToken();
        var refused = api.post(base, Map.of("model", "opus", "maxOutputTokens", 4000), viewer);
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.json().path("alternatives").path("models").size()).isPositive();
        assertThat(api.get("/api/v1/credits", viewer).json().path("balance").asLong()).isEqualTo(5);

        assertThat(api.delete("/api/v1/playground/sessions/" + shared.sessionId() + "/share", shared.owner()).status())
            .isEqualTo(204);
        var revoked = api.post(base, Map.of("model", "haiku"), viewer);
        assertThat(revoked.status()).isEqualTo(404);
        assertThat(api.post(base + "/estimate", Map.of("model", "haiku"), viewer).status()).isEqualTo(404);
    }

}
