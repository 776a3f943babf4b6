package dev.prpm.playground.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Submit, poll, list, cancel and the credit hold of jobs over HTTP. */
@IntegrationTest
class JobsApiTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobWorker worker;

    @AfterEach
    void resumeWorker() {
        worker.resume();
    }

    static Map<String, Object> runBody(String pkg, String model, String input) {
        Map<String, Object> body = new HashMap<>();
        body.put("packageId", pkg);
        body.put("model", model);
        body.put("input", input);
        return body;
    }

    static String packageId(Api api, String query) {
        return api.get("/api/v1/packages?q=" + query).json().path("items").get(0).path("id").asString();
    }

    static UUID userId(Api api, String token) {
        return UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
    }

    private long balance(String token) {
        return api.get("/api/v1/credits", token).json().path("balance").asLong();
    }

    @Test
    void aSubmittedJobIsAcceptedAtOnceAndPollsToTheRunResult() {
        String token = api.signupToken();
        Api.Response submitted = api.post("/api/v1/playground/jobs",
                runBody(packageId(api, "sql-explainer"), "sonnet", "SELECT 1"), token);

        assertThat(submitted.status()).isEqualTo(202);
        JsonNode body = submitted.json();
        String jobId = body.path("jobId").asString();
        assertThat(body.path("status").asString()).isEqualTo("queued");
        assertThat(body.path("pollUrl").asString()).isEqualTo("/api/v1/playground/jobs/" + jobId);
        assertThat(submitted.header("Location")).endsWith("/api/v1/playground/jobs/" + jobId);

        JsonNode job = api.get("/api/v1/playground/jobs/" + jobId + "?waitSeconds=20", token).json();
        assertThat(job.path("status").asString()).isEqualTo("succeeded");
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(job.path("startedAt").isMissingNode()).isFalse();
        assertThat(job.path("finishedAt").isMissingNode()).isFalse();
        JsonNode result = job.path("result");
        assertThat(result.path("output").asString()).startsWith("[demo response");
        assertThat(result.path("credits").path("charged").asLong()).isEqualTo(1);
        assertThat(balance(token)).isEqualTo(4);
        assertThat(api.get("/api/v1/playground/sessions/" + result.path("sessionId").asString(), token).status())
            .isEqualTo(200);
        assertThat(jdbc.sql("SELECT type FROM credit_transactions WHERE run_id = :id ORDER BY id")
            .param("id", UUID.fromString(result.path("runId").asString()))
            .query(String.class)
            .list()).containsExactly("reservation_hold", "reservation_release", "spend");
        LedgerInvariants.assertHold(jdbc, userId(api, token));
    }

    @Test
    void aJobThatCannotBePaidIsRefusedAtSubmissionAndNothingIsQueued() {
        String token = api.signupToken();
        String pkg = packageId(api, "code-reviewer");
        assertThat(api.post("/api/v1/playground/jobs", runBody(pkg, "opus", "review: x = 1"), token).status())
            .isEqualTo(202);
        Api.Response broke = api.post("/api/v1/playground/jobs", runBody(pkg, "opus", "review: y = 2"), token);

        assertThat(broke.status()).isEqualTo(402);
        assertThat(broke.json().path("required").asLong()).isEqualTo(3);
        assertThat(broke.json().path("available").asLong()).isEqualTo(2);
        assertThat(api.get("/api/v1/playground/jobs", token).json().path("items")).hasSize(1);
        LedgerInvariants.assertHold(jdbc, userId(api, token));
    }

    @Test
    void someoneElsesJobIsNotFound() {
        String owner = api.signupToken();
        String stranger = api.signupToken();
        String jobId = api
            .post("/api/v1/playground/jobs", runBody(packageId(api, "sql-explainer"), "haiku", "SELECT 2"), owner)
            .json()
            .path("jobId")
            .asString();

        assertThat(api.get("/api/v1/playground/jobs/" + jobId, stranger).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/playground/jobs/" + jobId, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/playground/jobs/" + UUID.randomUUID(), owner).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/playground/jobs", stranger).json().path("items")).isEmpty();
        assertThat(
                api.get("/api/v1/playground/jobs/" + jobId + "?waitSeconds=20", owner).json().path("status").asString())
            .isEqualTo("succeeded");
    }

    @Test
    void cancellingAQueuedJobReleasesItsHoldAtOnce() {
        worker.pause();
        String token = api.signupToken();
        String jobId = api
            .post("/api/v1/playground/jobs", runBody(packageId(api, "code-reviewer"), "opus", "review"), token)
            .json()
            .path("jobId")
            .asString();
        assertThat(balance(token)).isEqualTo(2);

        Api.Response cancelled = api.delete("/api/v1/playground/jobs/" + jobId, token);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
        assertThat(balance(token)).isEqualTo(5);
        worker.resume();
        assertThat(
                api.get("/api/v1/playground/jobs/" + jobId + "?waitSeconds=1", token).json().path("status").asString())
            .isEqualTo("cancelled");
        assertThat(api.delete("/api/v1/playground/jobs/" + jobId, token).status()).isEqualTo(200);
        assertThat(balance(token)).isEqualTo(5);
        LedgerInvariants.assertHold(jdbc, userId(api, token));
    }

    @Test
    void jobsAreListedNewestFirstByCursor() {
        worker.pause();
        String token = api.signupToken();
        String pkg = packageId(api, "sql-explainer");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.post("/api/v1/playground/jobs", runBody(pkg, "haiku", "q" + i), token)
                .json()
                .path("jobId")
                .asString());
        }

        JsonNode first = api.get("/api/v1/playground/jobs?limit=2", token).json();
        JsonNode second = api
            .get("/api/v1/playground/jobs?limit=2&cursor=" + first.path("nextCursor").asString(), token)
            .json();

        assertThat(first.path("items").findValuesAsString("jobId")).containsExactly(ids.get(2), ids.get(1));
        assertThat(second.path("items").findValuesAsString("jobId")).containsExactly(ids.get(0));
        assertThat(second.path("nextCursor").isMissingNode()).isTrue();
        assertThat(api.get("/api/v1/playground/jobs?cursor=!!", token).status()).isEqualTo(400);
    }

    @Test
    void anIdempotencyKeyQueuesOneJobAndHoldsOnce() {
        String token = api.signupToken();
        Map<String, Object> body = runBody(packageId(api, "code-reviewer"), "opus", "review once");
        Map<String, String> key = Map.of("Idempotency-Key", "job-" + UUID.randomUUID());

        Api.Response first = api.post("/api/v1/playground/jobs", body, token, key);
        Api.Response again = api.post("/api/v1/playground/jobs", body, token, key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().path("jobId").asString()).isEqualTo(first.json().path("jobId").asString());
        assertThat(
                api.get("/api/v1/playground/jobs/" + first.json().path("jobId").asString() + "?waitSeconds=20", token)
                    .json()
                    .path("status")
                    .asString())
            .isEqualTo("succeeded");
        assertThat(balance(token)).isEqualTo(2);
    }

}
