package dev.prpm.playground.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.auth.PrincipalCache;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The {@code prpm} CLI's contract (issue 10), one test per item: the exact requests the
 * client sends, through the real embedded Tomcat, asserting every field it reads with its
 * JSON type.
 */
@IntegrationTest
class PrpmCliContractTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PrincipalCache principals;

    private String codeReviewerId() {
        return api.get("/api/v1/packages?q=code-reviewer").json().path("items").get(0).path("id").asString();
    }

    private static Map<String, Object> runBody(String packageId, String input, boolean noPrompt, String sessionId) {
        Map<String, Object> body = new HashMap<>();
        body.put("package_id", packageId);
        body.put("input", input);
        body.put("model", "sonnet");
        body.put("use_no_prompt", noPrompt);
        if (sessionId != null) {
            body.put("session_id", sessionId);
        }
        return body;
    }

    private static void assertProblem(Api.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("error").asString()).isEqualTo(error);
        assertThat(body.path("message").isString()).as(response.body()).isTrue();
        assertThat(body.path("message").asString()).isEqualTo(body.path("detail").asString()).isNotBlank();
        assertThat(body.path("correlationId").asString()).isEqualTo(response.header("X-Request-Id"));
    }

    @Test
    void item1PackageLookupByUuidOrEncodedNameWithoutAuthorization() {
        String id = codeReviewerId();
        for (String path : List.of("/api/v1/packages/%40prpm%2Fcode-reviewer",
                "/api/v1/packages/%40prpm%2fcode-reviewer", "/api/v1/packages/code-reviewer",
                "/api/v1/packages/" + id)) {
            Api.Response found = api.get(path);
            assertThat(found.status()).as(path + " " + found.body()).isEqualTo(200);
            assertThat(found.json().path("id").isString()).isTrue();
            assertThat(UUID.fromString(found.json().path("id").asString())).isEqualTo(UUID.fromString(id));
            assertThat(found.json().path("name").asString()).isEqualTo("@prpm/code-reviewer");
        }
        assertProblem(api.get("/api/v1/packages/%40prpm%2Fno-such-package"), 404, "package_not_found");
    }

    @Test
    void item1EncodedSlashesOpenNoTraversalAndNoDoubleDecoding() {
        for (String path : List.of("/api/v1/packages/..%2F..%2Fcredits",
                "/api/v1/packages/..%2F..%2F..%2Factuator%2Fenv", "/api/v1/packages/%2e%2e%2F%2e%2e%2Fcredits")) {
            Api.Response response = api.get(path);
            assertThat(response.status()).as(path).isIn(400, 404);
            assertThat(response.json().path("error").asString()).as(path)
                .isIn("package_not_found", "validation_failed");
        }
        // %25 is not decoded twice: "%2540prpm%252Fcode-reviewer" names
        // "%40prpm%2Fcode-reviewer", not the package
        Api.Response doubleEncoded = api.get("/api/v1/packages/%2540prpm%252Fcode-reviewer");
        assertThat(doubleEncoded.status()).isIn(400, 404);
        assertThat(doubleEncoded.body()).doesNotContain("\"@prpm/code-reviewer\"");
        assertThat(api.get("/api/v1/packages/bad%20name!").json().path("error").asString())
            .isEqualTo("validation_failed");
    }

    @Test
    void item2RunWithSnakeCaseBodyAnswersTheFieldsTheClientReads() {
        String token = api.signupToken();
        String pkg = codeReviewerId();
        Map<String, Object> body = runBody(pkg, "Review this code: console.log('hello')", false, null);
        body.put("package_version", "1.0.0");
        Api.Response response = api.post("/api/v1/playground/run", body, token);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode run = response.json();
        UUID session = UUID.fromString(run.path("session_id").asString());
        assertThat(run.path("sessionId").asString()).as("our own fields stay").isEqualTo(session.toString());
        assertThat(run.path("conversation").isArray()).isTrue();
        assertThat(run.path("conversation")).hasSize(2);
        JsonNode last = run.path("conversation").get(1);
        assertThat(last.path("role").asString()).isEqualTo("assistant");
        assertThat(last.path("content").asString()).isEqualTo(run.path("output").asString())
            .isEqualTo(run.path("response").asString());
        assertThat(Instant.parse(last.path("timestamp").asString())).isBeforeOrEqualTo(Instant.now());
        assertThat(run.path("conversation").get(0).path("role").asString()).isEqualTo("user");
        assertThat(run.path("tokens_used").isNumber()).isTrue();
        assertThat(run.path("tokens_used").asLong())
            .isEqualTo(run.path("tokens").path("input").asLong() + run.path("tokens").path("output").asLong())
            .isPositive();
        assertThat(run.path("credits_spent").isNumber()).isTrue();
        assertThat(run.path("credits_spent").asLong()).isEqualTo(1);
        assertThat(run.path("credits_remaining").isNumber()).isTrue();
        assertThat(run.path("credits_remaining").asLong()).isEqualTo(4);
        assertThat(run.path("duration_ms").isNumber()).isTrue();
        assertThat(run.path("model").asString()).isEqualTo("sonnet");
        assertThat(run.path("output").asString()).contains("follow the package prompt");

        JsonNode next = api.post("/api/v1/playground/run", runBody(pkg, "And now?", false, session.toString()), token)
            .json();
        assertThat(next.path("session_id").asString()).isEqualTo(session.toString());
        assertThat(next.path("conversation")).hasSize(4);
        assertThat(next.path("conversation").get(3).path("role").asString()).isEqualTo("assistant");
        assertThat(next.path("credits_remaining").asLong()).isEqualTo(3);
    }

    @Test
    void item2UseNoPromptRunsWithoutThePackagePromptAndIsRecorded() {
        String token = api.signupToken();
        String pkg = codeReviewerId();
        JsonNode withPrompt = api
            .post("/api/v1/playground/estimate", runBody(pkg, "Explain recursion", false, null), token)
            .json();
        JsonNode without = api.post("/api/v1/playground/estimate", runBody(pkg, "Explain recursion", true, null), token)
            .json();
        assertThat(without.path("noPrompt").asBoolean()).isTrue();
        assertThat(without.path("inputTokens").asInt()).isLessThan(withPrompt.path("inputTokens").asInt());
        assertThat(without.path("estimated_credits").isNumber()).isTrue();

        JsonNode run = api.post("/api/v1/playground/run", runBody(pkg, "Explain recursion", true, null), token).json();
        assertThat(run.path("noPrompt").asBoolean()).isTrue();
        // the demo provider echoes what it was asked: no system prompt reached it
        assertThat(run.path("output").asString()).contains("answer with no system prompt")
            .doesNotContain("follow the package prompt");
        assertThat(run.path("credits_spent").asLong()).isEqualTo(1);
        JsonNode session = api.get("/api/v1/playground/sessions/" + run.path("session_id").asString(), token).json();
        assertThat(session.path("messages").get(1).path("noPrompt").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT reason FROM credit_transactions WHERE run_id = :run AND type = 'spend'")
            .param("run", UUID.fromString(run.path("runId").asString()))
            .query(String.class)
            .single()).contains("no prompt");

        JsonNode next = api
            .post("/api/v1/playground/run", runBody(pkg, "Shorter", true, run.path("session_id").asString()), token)
            .json();
        assertThat(next.path("conversation")).hasSize(4);
        assertThat(next.path("output").asString()).contains("answer with no system prompt");
    }

    @Test
    void item3CompareRunsPackageVersusNoPromptAndChargesNothingWhenBothCannotBePaid() {
        String token = api.signupToken();
        String pkg = codeReviewerId();
        Map<String, Object> compare = Map.of("input", "Review: x = x + 1", "left",
                Map.of("packageId", pkg, "model", "sonnet"), "right",
                Map.of("package_id", pkg, "model", "sonnet", "use_no_prompt", true));
        JsonNode both = api.post("/api/v1/playground/compare", compare, token).json();
        assertThat(both.path("results")).hasSize(2);
        JsonNode withPackage = both.path("results").get(0).path("result");
        JsonNode baseline = both.path("results").get(1).path("result");
        assertThat(withPackage.path("output").asString()).contains("follow the package prompt");
        assertThat(baseline.path("noPrompt").asBoolean()).isTrue();
        assertThat(baseline.path("output").asString()).contains("answer with no system prompt");
        long balance = api.get("/api/v1/credits", token).json().path("balance").asLong();
        assertThat(balance).isEqualTo(3);

        Map<String, Object> tooDear = Map.of("input", "Review: y = y * 2", "left",
                Map.of("packageId", pkg, "model", "opus"), "right",
                Map.of("package_id", pkg, "model", "opus", "use_no_prompt", true));
        Api.Response refused = api.post("/api/v1/playground/compare", tooDear, token);
        assertProblem(refused, 402, "insufficient_credits");
        assertThat(refused.json().path("required").asLong()).isEqualTo(6);
        assertThat(refused.json().path("available").asLong()).isEqualTo(3);
        assertThat(refused.json().path("message").asString()).startsWith("Insufficient credits").contains("you have 3");
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(balance);
        assertThat(api.get("/api/v1/playground/credits/history?limit=50", token).json().path("transactions"))
            .as("no spend line for the refused comparison")
            .hasSize(3);
    }

    @Test
    void item4FeedbackIsStoredWithItsCommentAndRatesTheSession() {
        String token = api.signupToken();
        JsonNode run = api
            .post("/api/v1/playground/run", runBody(codeReviewerId(), "Review: a == b", false, null), token)
            .json();
        String session = run.path("session_id").asString();

        Api.Response sent = api.post("/api/v1/playground/feedback",
                Map.of("session_id", session, "is_effective", true, "comment", "spot on"), token);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().path("rating").asInt()).isEqualTo(5);
        assertThat(jdbc.sql("SELECT comment FROM session_feedback WHERE session_id = :s AND is_effective")
            .param("s", UUID.fromString(session))
            .query(String.class)
            .single()).isEqualTo("spot on");
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(jdbc.sql("SELECT rating FROM usage WHERE session_id = :s")
                .param("s", UUID.fromString(session))
                .query(Integer.class)
                .list()).containsOnly(5));

        assertThat(api.post("/api/v1/playground/feedback", Map.of("session_id", session, "is_effective", false), token)
            .json()
            .path("rating")
            .asInt()).isEqualTo(1);
        assertProblem(api.post("/api/v1/playground/feedback", Map.of("session_id", session, "is_effective", true),
                api.signupToken()), 404, "session_not_found");
        assertProblem(api.post("/api/v1/playground/feedback", Map.of("session_id", session), token), 400,
                "validation_failed");
    }

    @Test
    void item5CreditsAreFlatSnakeCase() {
        String token = api.signupToken();
        JsonNode credits = api.get("/api/v1/playground/credits", token).json();
        for (String number : List.of("balance", "monthly_credits", "monthly_credits_used", "rollover_credits",
                "purchased_credits")) {
            assertThat(credits.path(number).isNumber()).as(number + " in " + credits).isTrue();
        }
        assertThat(credits.path("balance").asLong()).isEqualTo(5);
        for (String date : List.of("monthly_reset_at", "rollover_expires_at")) {
            assertThat(credits.has(date)).as(date).isTrue();
            if (!credits.path(date).isNull()) {
                assertThat(Instant.parse(credits.path(date).asString())).isNotNull();
            }
        }
        assertThat(credits.path("prpm_plus_status").asString()).isEqualTo("inactive");

        String me = api.get("/api/v1/me", token).json().path("id").asString();
        jdbc.sql("UPDATE users SET tier = 'plus' WHERE id = :id").param("id", UUID.fromString(me)).update();
        principals.invalidate(UUID.fromString(me)); // as the tier-changing code does
        assertThat(api.get("/api/v1/playground/credits", token).json().path("prpm_plus_status").asString())
            .isEqualTo("active");
        assertProblem(api.get("/api/v1/playground/credits"), 401, "unauthenticated");
    }

    @Test
    void item6HistoryShowsOneLinePerRunNewestFirst() {
        String token = api.signupToken();
        String pkg = codeReviewerId();
        api.post("/api/v1/playground/run", runBody(pkg, "first", false, null), token);
        api.post("/api/v1/playground/run", runBody(pkg, "second", false, null), token);

        JsonNode transactions = api.get("/api/v1/playground/credits/history?limit=10", token)
            .json()
            .path("transactions");
        assertThat(transactions.isArray()).isTrue();
        assertThat(transactions.findValuesAsString("transaction_type")).containsExactly("spend", "spend",
                "signup_bonus");
        JsonNode newest = transactions.get(0);
        assertThat(newest.path("amount").isNumber()).isTrue();
        assertThat(newest.path("amount").asLong()).isEqualTo(-1);
        assertThat(newest.path("balance_after").isNumber()).isTrue();
        assertThat(newest.path("balance_after").asLong()).isEqualTo(3);
        assertThat(newest.path("description").asString()).contains("Playground run");
        assertThat(Instant.parse(newest.path("created_at").asString()))
            .isAfterOrEqualTo(Instant.parse(transactions.get(1).path("created_at").asString()));
        assertThat(api.get("/api/v1/playground/credits/history?limit=1", token).json().path("transactions")).hasSize(1);
        assertThat(api.get("/api/v1/credits/history?type=reservation_hold", token).json().path("items"))
            .as("the holds stay in our own history for audit")
            .hasSize(2);
    }

    @Test
    void item7BuyAndSubscribePagesLeadToTheCheckoutFlow() {
        Api.Response buy = api.get("/playground/credits/buy?package=medium");
        assertThat(buy.status()).isEqualTo(302);
        assertThat(buy.header("Location")).endsWith("/credits?buy=medium");
        assertThat(api.get("/playground/credits/buy?package=%3Cscript%3E").header("Location")).endsWith("/credits");
        Api.Response subscribe = api.get("/playground/credits/subscribe");
        assertThat(subscribe.status()).isEqualTo(302);
        assertThat(subscribe.header("Location")).endsWith("/credits?subscribe=1");
    }

    @Test
    void item8EveryProblemCarriesMessageAndThe402SaysInsufficientCredits() {
        String token = api.signupToken();
        String pkg = codeReviewerId();
        Map<String, Object> dear = runBody(pkg, "x".repeat(19_000), false, null);
        dear.put("model", "opus");
        Api.Response refused = api.post("/api/v1/playground/run", dear, token);
        assertProblem(refused, 402, "insufficient_credits");
        assertThat(refused.json().path("message").asString()).contains("Insufficient credits").contains("you have 5");

        assertProblem(api.get("/api/v1/no-such-route"), 404, "not_found");
        assertProblem(api.post("/api/v1/playground/run", Map.of("package_id", pkg), token), 400, "validation_failed");
        assertProblem(api.post("/api/v1/playground/run", runBody(pkg, "hi", false, null), null), 401,
                "unauthenticated");
        assertProblem(api.method("PUT", "/api/v1/auth/login"), 405, "method_not_allowed");
        assertProblem(api.post("/api/v1/auth/login", "{\"email\": "), 400, "malformed_request");
    }

    @Test
    void item9OriginalPathsAreAliasesDocumentedInOneTable() throws Exception {
        String token = api.signupToken();
        assertThat(api.get("/api/v1/playground/credits/packages").body())
            .isEqualTo(api.get("/api/v1/credits/packages").body());
        assertThat(api.get("/api/v1/playground/pricing", token).body())
            .isEqualTo(api.get("/api/v1/pricing", token).body());
        assertThat(api.get("/api/v1/playground/subscription", token).body())
            .isEqualTo(api.get("/api/v1/subscription", token).body());
        Map<String, String> posts = Map.of("/api/v1/playground/credits/purchase", "/api/v1/credits/purchase",
                "/api/v1/playground/subscribe", "/api/v1/subscribe", "/api/v1/playground/subscription/cancel",
                "/api/v1/subscription/cancel", "/api/v1/playground/subscription/portal", "/api/v1/subscription/portal",
                "/api/v1/playground/webhooks/stripe/credits", "/api/v1/webhooks/stripe/credits");
        String docs = Files.readString(Path.of("docs/compatibility.md"));
        posts.forEach((alias, ours) -> {
            Api.Response viaAlias = api.post(alias, Map.of("package", "small"), token);
            Api.Response viaOurs = api.post(ours, Map.of("package", "small"), token);
            assertThat(viaAlias.status()).as(alias).isEqualTo(viaOurs.status());
            assertThat(viaAlias.json().path("error").asString()).as(alias)
                .isEqualTo(viaOurs.json().path("error").asString())
                .isNotIn("not_found", "method_not_allowed");
            assertThat(docs).as("docs/compatibility.md lists " + alias).contains(alias + "`");
        });
        for (String alias : List.of("/api/v1/playground/credits/packages", "/api/v1/playground/pricing",
                "/api/v1/playground/subscription", "/api/v1/playground/credits", "/api/v1/playground/credits/history",
                "/api/v1/playground/feedback", "/playground/credits/buy", "/playground/credits/subscribe")) {
            assertThat(docs).as("docs/compatibility.md lists " + alias).contains(alias);
        }
    }

}
