package dev.prpm.playground.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.auth.BrowserSession;
import dev.prpm.playground.credits.CreditQueries;
import dev.prpm.playground.packages.PackageCatalog;
import dev.prpm.playground.sessions.SessionMessage;
import dev.prpm.playground.sessions.SessionStore;
import dev.prpm.playground.support.BenchRecording;
import dev.prpm.playground.support.IntegrationTest;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Server-side render time of the playground page and its session sidebar for a user with
 * {@value #SESSIONS} sessions (the sidebar is paged, 20 rows, and loaded after the page),
 * measured by a servlet filter around the whole request (first filter in, last out), plus
 * the time of each service call a page makes. Not in the default run (the class name does
 * not end in Test):
 * {@code ./mvnw -B -ntp test -Djacoco.skip=true -Dtest=PageRenderBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@IntegrationTest
@Import(PageRenderBenchmark.Timing.class)
class PageRenderBenchmark {

    static final int SESSIONS = 1_000;

    static final int WARMUP = 300;

    static final int REQUESTS = 1_000;

    static final Map<String, ConcurrentLinkedQueue<Long>> SERVER = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    SessionStore sessions;

    @Autowired
    PackageCatalog packages;

    @Autowired
    CreditQueries credits;

    @Autowired
    BrowserSession browser;

    @Autowired
    JdbcClient jdbc;

    @Test
    void playgroundAndSidebarWithAThousandSessions() throws IOException, ParseException {
        WebClient web = new WebClient(port);
        String email = "bench-" + UUID.randomUUID() + "@example.com";
        web.signUp(email);
        UUID user = jdbc.sql("SELECT id FROM users WHERE email = :e").param("e", email).query(UUID.class).single();
        var pkg = packages.search("code-reviewer", null, 0, 1).items().getFirst();
        var version = packages.get(pkg.id(), null).version().id();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.create(UUID.randomUUID(), user, pkg.id(), version, "Session " + i,
                    List.of(SessionMessage.user("input " + i, Instant.now())), 1);
        }
        assertThat(sessions.list(user, null, null, 0, 1).total()).isEqualTo(SESSIONS);
        System.out.printf("load average at start: %s%n", loadAverage());
        BenchRecording recording = BenchRecording.start("prpm.jfr");
        for (String path : List.of("/playground", "/ui/sessions", "/credits")) {
            long[] client = measure(web, path);
            long[] server = sorted(SERVER.get(path));
            System.out.printf(
                    "render %-13s server p50 %5.1f ms p95 %5.1f ms p99 %5.1f ms | round trip p50 %5.1f ms "
                            + "p95 %5.1f ms (%d requests)%n",
                    path, at(server, 50), at(server, 95), at(server, 99), at(client, 50), at(client, 95), REQUESTS);
        }
        recording.dump();
        recording.close();
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setCookies(new Cookie(BrowserSession.COOKIE, web.cookie(BrowserSession.COOKIE)));
        step("cookie → user (JWT + users row)", () -> browser.user(request).orElseThrow());
        step("balance", () -> credits.balance(user));
        step("package search (8, no query)", () -> packages.search(null, null, 0, PlaygroundPages.SEARCH_RESULTS));
        step("sessions page 1 (20 + count)", () -> sessions.list(user, null, null, 0, SessionPages.PAGE_SIZE));
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    private static long[] measure(WebClient web, String path) {
        for (int i = 0; i < WARMUP; i++) {
            assertThat(web.get(path).statusCode()).isEqualTo(200);
        }
        SERVER.remove(path);
        long[] micros = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long started = System.nanoTime();
            assertThat(web.get(path).statusCode()).isEqualTo(200);
            micros[i] = (System.nanoTime() - started) / 1000;
        }
        Arrays.sort(micros);
        return micros;
    }

    private static void step(String name, Runnable call) {
        for (int i = 0; i < WARMUP; i++) {
            call.run();
        }
        long[] micros = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long started = System.nanoTime();
            call.run();
            micros[i] = (System.nanoTime() - started) / 1000;
        }
        Arrays.sort(micros);
        System.out.printf("step   %-32s p50 %5.2f ms p95 %5.2f ms%n", name, at(micros, 50), at(micros, 95));
    }

    private static long[] sorted(ConcurrentLinkedQueue<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(sorted).hasSizeGreaterThanOrEqualTo(REQUESTS);
        return sorted;
    }

    private static double at(long[] sortedMicros, int percentile) {
        return sortedMicros[Math.min(sortedMicros.length - 1, sortedMicros.length * percentile / 100)] / 1000.0;
    }

    private static String loadAverage() {
        return String.format("%.1f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * Times every request on the server, from the first filter to the last byte written.
     */
    @TestConfiguration
    static class Timing {

        @Bean
        FilterRegistrationBean<Filter> renderTiming() {
            Filter filter = (request, response, chain) -> {
                long started = System.nanoTime();
                try {
                    chain.doFilter(request, response);
                }
                finally {
                    String path = ((HttpServletRequest) request).getRequestURI();
                    SERVER.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>())
                        .add((System.nanoTime() - started) / 1000);
                }
            };
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

    }

}
