package dev.prpm.playground.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.packages.PackageCatalog;
import dev.prpm.playground.sessions.SessionMessage;
import dev.prpm.playground.sessions.SessionStore;
import dev.prpm.playground.support.IntegrationTest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Server render time of the playground page and its session sidebar for a user with
 * {@value #SESSIONS} sessions (the sidebar is loaded after the page, 20 a page). Not in
 * the default run: {@code ./mvnw test -Dtest=PageRenderBenchmark -Djacoco.skip=true}.
 */
@IntegrationTest
class PageRenderBenchmark {

    static final int SESSIONS = 1_000;

    static final int WARMUP = 200;

    static final int REQUESTS = 1_000;

    @LocalServerPort
    int port;

    @Autowired
    SessionStore sessions;

    @Autowired
    PackageCatalog packages;

    @Autowired
    JdbcClient jdbc;

    @Test
    void playgroundAndSidebarWithAThousandSessions() {
        WebClient web = new WebClient(port);
        String email = "bench-" + UUID.randomUUID() + "@example.com";
        web.signUp(email);
        UUID user = jdbc.sql("SELECT id FROM users WHERE email = :e").param("e", email).query(UUID.class).single();
        var pkg = packages.search("code-reviewer", null, 0, 1).items().getFirst();
        var version = packages.get(pkg.id(), null).version().id();
        for (int i = 0; i < SESSIONS; i++) {
            var at = Instant.now();
            sessions.create(UUID.randomUUID(), user, pkg.id(), version, "Session " + i,
                    List.of(SessionMessage.user("input " + i, at)), 1);
        }
        for (String path : List.of("/playground", "/ui/sessions", "/credits")) {
            long[] micros = measure(web, path);
            System.out.printf("render %-14s p50 %5.1f ms  p95 %5.1f ms  p99 %5.1f ms  (%d requests)%n", path,
                    micros[REQUESTS / 2] / 1000.0, micros[REQUESTS * 95 / 100] / 1000.0,
                    micros[REQUESTS * 99 / 100] / 1000.0, REQUESTS);
        }
    }

    private static long[] measure(WebClient web, String path) {
        for (int i = 0; i < WARMUP; i++) {
            assertThat(web.get(path).statusCode()).isEqualTo(200);
        }
        long[] micros = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long started = System.nanoTime();
            assertThat(web.get(path).statusCode()).isEqualTo(200);
            micros[i] = (System.nanoTime() - started) / 1000;
        }
        Arrays.sort(micros);
        return micros;
    }

}
