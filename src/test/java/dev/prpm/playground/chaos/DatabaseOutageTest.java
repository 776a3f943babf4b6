package dev.prpm.playground.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.prpm.playground.credits.LedgerAudit;
import dev.prpm.playground.database.EmbeddedPostgres;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Finding 4: with PostgreSQL stopped under a running application, requests fail fast with
 * 503 {@code service_unavailable} and Retry-After, readiness reports DOWN, and everything
 * recovers by itself when the database is back.
 */
@IntegrationTest
class DatabaseOutageTest {

    static final int REQUESTS = 4;

    @Autowired
    Api api;

    @Autowired
    EmbeddedPostgres database;

    @Autowired
    LedgerAudit audit;

    @Autowired
    HikariDataSource pool;

    @Test
    void anOutageIsAFast503WithRetryAfterAndRecoveryIsAutomatic() {
        String token = api.signupToken();
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
        Map<Integer, Integer> statuses = new TreeMap<>();
        long slowestMs = 0;
        long restartedAt;
        // The production default is 2 s; the suite runs with 10 s for its stress tests.
        long connectionTimeoutMs = pool.getConnectionTimeout();
        database.stop();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                long started = System.nanoTime();
                Api.Response response = i % 2 == 0 ? api.get("/api/v1/credits", token)
                        : api.post("/api/v1/playground/run",
                                Map.of("packageId", pkg, "model", "sonnet", "input", "during the outage"), token);
                slowestMs = Math.max(slowestMs, (System.nanoTime() - started) / 1_000_000);
                statuses.merge(response.status(), 1, Integer::sum);
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.json().path("error").asString()).isEqualTo("service_unavailable");
                assertThat(response.header("Retry-After")).isEqualTo("5");
            }
            assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        }
        finally {
            restartedAt = System.nanoTime();
            database.restart();
        }
        await().atMost(Duration.ofSeconds(30))
            .until(() -> api.get("/api/v1/credits", token).status() == 200
                    && api.get("/actuator/health/readiness").status() == 200);
        long recoveredMs = (System.nanoTime() - restartedAt) / 1_000_000;
        assertThat(slowestMs).as("a request waits at most about the connection timeout")
            .isLessThan(connectionTimeoutMs + 2_000);
        assertThat(api
            .post("/api/v1/playground/run", Map.of("packageId", pkg, "model", "sonnet", "input", "after the outage"),
                    token)
            .status()).isEqualTo(200);
        assertThat(audit.violations()).isEmpty();
        System.out.printf(
                "chaos.database_outage requests=%d statuses=%s connectionTimeoutMs=%d slowestMs=%d recoveredMs=%d%n",
                REQUESTS, statuses, connectionTimeoutMs, slowestMs, recoveredMs);
    }

}
