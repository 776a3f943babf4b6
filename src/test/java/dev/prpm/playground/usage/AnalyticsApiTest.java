package dev.prpm.playground.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.StatementCounter;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The analytics endpoints answer from one SQL statement each, and the list and history
 * reads do not issue a query per row: a request's statement count is the same for a user
 * with few rows as for one with many (statements counted by a test-only DataSource
 * wrapper).
 */
@IntegrationTest
@DirtiesContext
@Import(StatementCounter.Config.class)
class AnalyticsApiTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UsageMaintenance maintenance;

    @Test
    void usageIsGroupedByDayModelAndPackageWithPackageNames() {
        String token = api.signupToken();
        UUID user = userOf(token);
        List<UUID> packages = packageIds(3);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertUsage(user, packages.get(0), "haiku", 100, 1, today, false);
        insertUsage(user, packages.get(0), "haiku", 300, 2, today, false);
        insertUsage(user, packages.get(1), "opus", 1000, 3, today.minusDays(1), false);
        insertUsage(user, packages.get(2), "opus", 2000, 0, today.minusDays(1), true);

        JsonNode byModel = api.get("/api/v1/analytics/usage?groupBy=model", token).json();
        assertThat(byModel.path("groupBy").asString()).isEqualTo("model");
        JsonNode opus = group(byModel, "opus");
        assertThat(opus.path("runs").asLong()).isEqualTo(2);
        assertThat(opus.path("failedRuns").asLong()).isEqualTo(1);
        assertThat(opus.path("credits").asLong()).isEqualTo(3);
        assertThat(opus.path("meanDurationMs").asLong()).isEqualTo(1500);
        JsonNode haiku = group(byModel, "haiku");
        assertThat(haiku.path("tokensIn").asLong()).isEqualTo(20);
        // exact percentile_cont of 100 and 300 ms is 290; the rollup's histogram is
        // within 10 %
        assertThat(haiku.path("p95DurationMs").asLong()).isBetween(261L, 319L);

        JsonNode byDay = api.get("/api/v1/analytics/usage?groupBy=day", token).json();
        assertThat(byDay.path("groups").findValuesAsString("key")).containsExactly(today.minusDays(1).toString(),
                today.toString());
        JsonNode byPackage = api.get("/api/v1/analytics/usage?groupBy=package", token).json();
        assertThat(byPackage.path("groups")).hasSize(3);
        assertThat(byPackage.path("groups").findValuesAsString("label")).allMatch(name -> name.startsWith("@"));

        JsonNode onlyToday = api.get("/api/v1/analytics/usage?groupBy=model&from=" + today + "&to=" + today, token)
            .json();
        assertThat(onlyToday.path("groups").findValuesAsString("key")).containsExactly("haiku");
    }

    @Test
    void badQueriesAreValidationProblems() {
        String token = api.signupToken();
        Api.Response grouping = api.get("/api/v1/analytics/usage?groupBy=user", token);
        assertThat(grouping.status()).isEqualTo(400);
        assertThat(grouping.json().path("error").asString()).isEqualTo("validation_failed");
        Api.Response range = api.get("/api/v1/analytics/usage?from=2025-01-01&to=2024-01-01", token);
        assertThat(range.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/analytics/usage").status()).isEqualTo(401);
    }

    @Test
    void packageStatsComeFromTheViewWithItsRefreshTime() {
        UUID pkg = packageIds(5).get(4);
        UUID first = userOf(api.signupToken());
        UUID second = userOf(api.signupToken());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertUsage(first, pkg, "haiku", 100, 1, today, false);
        insertUsage(first, pkg, "haiku", 100, 1, today, false);
        insertUsage(second, pkg, "opus", 100, 3, today, false);
        jdbc.sql("UPDATE usage SET rating = 4 WHERE package_id = :p AND user_id = :u")
            .param("p", pkg)
            .param("u", second)
            .update();
        maintenance.refreshAnalytics();

        JsonNode stats = api.get("/api/v1/packages/" + pkg + "/stats").json();
        assertThat(stats.path("runs").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(stats.path("uniqueUsers").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(stats.path("credits").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(stats.path("topModels").findValuesAsString("model")).contains("haiku", "opus");
        assertThat(stats.path("refreshedAt").asString()).isNotBlank();
        assertThat(api.get("/api/v1/analytics/packages/" + pkg).json().path("runs")).isEqualTo(stats.path("runs"));
        Api.Response unknown = api.get("/api/v1/packages/" + UUID.randomUUID() + "/stats");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asString()).isEqualTo("package_not_found");
    }

    @Test
    void listsHistoriesAndAnalyticsDoNotQueryPerRow() {
        String pkg = packageIds(1).getFirst().toString();
        String few = api.signupToken();
        String many = api.signupToken();
        String fewSession = run(few, pkg, null);
        String manySession = run(many, pkg, null);
        run(many, pkg, manySession);
        run(many, pkg, manySession);
        run(many, pkg, null);
        List<UUID> packages = packageIds(6);
        for (int i = 0; i < 12; i++) {
            insertUsage(userOf(many), packages.get(i % 6), i % 2 == 0 ? "haiku" : "opus", 50, 1,
                    LocalDate.now(ZoneOffset.UTC).minusDays(i), false);
        }

        int sessionList = assertSameStatements("/api/v1/playground/sessions", few, many);
        assertThat(sessionList - counted("/api/v1/analytics/usage?groupBy=nonsense", many))
            .as("one SQL statement answers the session list (page and capped count)")
            .isEqualTo(1);
        assertSameStatements("/api/v1/playground/sessions/" + fewSession, "/api/v1/playground/sessions/" + manySession,
                few, many);
        assertSameStatements("/api/v1/credits/history", few, many);
        for (String groupBy : List.of("day", "model", "package")) {
            String path = "/api/v1/analytics/usage?groupBy=" + groupBy;
            int statements = assertSameStatements(path, few, many);
            int authOnly = counted("/api/v1/analytics/usage?groupBy=nonsense", many);
            assertThat(statements - authOnly).as("one SQL statement answers %s", path).isEqualTo(1);
        }
    }

    private int assertSameStatements(String path, String few, String many) {
        return assertSameStatements(path, path, few, many);
    }

    private int assertSameStatements(String fewPath, String manyPath, String few, String many) {
        int forFew = counted(fewPath, few);
        int forMany = counted(manyPath, many);
        assertThat(forMany).as("statements of %s for many rows vs few rows (%d)", manyPath, forFew).isEqualTo(forFew);
        return forMany;
    }

    private int counted(String path, String token) {
        Api.Response response = api.get(path, token, Map.of(StatementCounter.HEADER, "1"));
        assertThat(response.status()).isIn(200, 400);
        return StatementCounter.last();
    }

    private String run(String token, String pkg, String conversation) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("packageId", pkg, "model", "haiku", "input", "hi"));
        if (conversation != null) {
            body.put("conversationId", conversation);
        }
        Api.Response response = api.post("/api/v1/playground/run", body, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("sessionId").asString();
    }

    private UUID userOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return UUID.fromString(
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(payload).path("sub").asString());
    }

    private List<UUID> packageIds(int count) {
        return jdbc.sql("SELECT id FROM packages ORDER BY name LIMIT :n").param("n", count).query(UUID.class).list();
    }

    private void insertUsage(UUID user, UUID pkg, String model, int durationMs, long credits, LocalDate day,
            boolean error) {
        jdbc.sql("""
                INSERT INTO usage (id, user_id, package_id, model, provider, tokens_in, tokens_out, credits,
                                   duration_ms, is_error, error_code, created_at)
                VALUES (:id, :user, :pkg, :model, 'demo', 10, 20, :credits, :duration, :error, :code, :at)""")
            .param("id", UUID.randomUUID())
            .param("user", user)
            .param("pkg", pkg)
            .param("model", model)
            .param("credits", credits)
            .param("duration", durationMs)
            .param("error", error)
            .param("code", error ? "model_unavailable" : null)
            .param("at", OffsetDateTime.of(day.atTime(12, 0), ZoneOffset.UTC))
            .update();
    }

    private static JsonNode group(JsonNode report, String key) {
        for (JsonNode group : report.path("groups")) {
            if (group.path("key").asString().equals(key)) {
                return group;
            }
        }
        throw new AssertionError("no group " + key + " in " + report);
    }

}
