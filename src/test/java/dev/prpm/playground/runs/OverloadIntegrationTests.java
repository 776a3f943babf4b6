package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.database.FinishingTransactions;
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue #18: admission control refuses work beyond the instance's and the user's limit
 * before anything is held, and an answered run settles even when new work has taken every
 * ordinary connection — on the reserved ones, or later in the background, never lost.
 */
@IntegrationTest
@DirtiesContext
class OverloadIntegrationTests {

    static final ProviderSimulator SIMULATOR = ProviderSimulator.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prpm.ai.providers.anthropic.api-key", () -> "sk-ant-overload");
        registry.add("prpm.ai.providers.anthropic.base-url", SIMULATOR::baseUrl);
        registry.add("prpm.admission.max-concurrent-runs", () -> "3");
        registry.add("prpm.admission.max-concurrent-runs-per-user", () -> "2");
        registry.add("prpm.database.reserved-connections", () -> "1");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        // the pools are held on purpose here: wait for them briefly, then keep the answer
        registry.add("prpm.playground.pool-wait.settlement", () -> "2s");
        registry.add("prpm.playground.pool-wait.admitted", () -> "3s");
    }

    @AfterAll
    static void stop() {
        SIMULATOR.close();
    }

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AdmissionGate admission;

    @Autowired
    HikariDataSource pool;

    @Autowired
    FinishingTransactions finishing;

    @Autowired
    BackgroundSettler settler;

    @Autowired
    MeterRegistry meters;

    String pkg;

    @BeforeEach
    void reset() {
        SIMULATOR.reset();
        pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
    }

    @Test
    void beyondTheUsersAndTheInstancesLimitRunsAreRefusedFastBeforeAnyHold() {
        SIMULATOR.latency(Duration.ofSeconds(3));
        User busy = signUp();
        User other = signUp();
        User refused = signUp();
        List<CompletableFuture<Api.Response>> slow = List.of(runAsync(busy, "one"), runAsync(busy, "two"),
                runAsync(other, "three"));
        await().atMost(Duration.ofSeconds(30)).until(() -> admission.inFlight() == 3);

        Api.Response perUser = run(busy, "three at once");
        Api.Response overloaded = run(refused, "no room");
        boolean refusedWhileTheOthersRan = slow.stream().noneMatch(CompletableFuture::isDone);

        assertThat(perUser.status()).isEqualTo(429);
        assertThat(perUser.json().path("error").asString()).isEqualTo("too_many_concurrent_runs");
        assertThat(perUser.header("Retry-After")).isEqualTo("2");
        assertThat(overloaded.status()).isEqualTo(503);
        assertThat(overloaded.contentType()).startsWith("application/problem+json");
        assertThat(overloaded.json().path("error").asString()).isEqualTo("service_overloaded");
        assertThat(overloaded.header("Retry-After")).isEqualTo("2");
        assertThat(refusedWhileTheOthersRan)
            .as("both refusals came back while the admitted runs still waited for the model")
            .isTrue();
        assertThat(ledgerRows(refused)).as("nothing held for the refused user").isEqualTo(1);
        assertThat(api.post("/api/v1/playground/compare",
                Map.of("input", "both", "left", Map.of("packageId", pkg, "model", "sonnet"), "right",
                        Map.of("packageId", pkg, "model", "haiku")),
                refused.token())
            .status()).as("a compare needs two places").isEqualTo(503);

        slow.forEach(future -> assertThat(future.join().status()).isEqualTo(200));
        // a job worker may hold a permit for a moment while it looks for work
        await().atMost(Duration.ofSeconds(10)).until(() -> admission.inFlight() == 0);
        assertThat(run(refused, "room again").status()).isEqualTo(200);
        for (User user : List.of(busy, other, refused)) {
            LedgerInvariants.assertHold(jdbc, user.id());
        }
    }

    @Test
    void anAnswerSettlesOnTheReservedConnectionsWhileNewWorkHasTakenAllOthers() throws Exception {
        SIMULATOR.latency(Duration.ofSeconds(2));
        User user = signUp();
        CompletableFuture<Api.Response> answered = runAsync(user, "finish me");
        await().atMost(Duration.ofSeconds(30)).until(() -> SIMULATOR.requests().size() == 1);
        List<Connection> taken = takeAll(pool);
        try {
            Api.Response response = answered.join();
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().path("credits").path("charged").asLong()).isPositive();
        }
        finally {
            closeAll(taken);
        }
        assertThat(sessions(user)).isEqualTo(1);
        LedgerInvariants.assertHold(jdbc, user.id());
    }

    @Test
    void withNoConnectionAtAllTheAnswerIsKeptAndSettledInTheBackground() throws Exception {
        SIMULATOR.latency(Duration.ofSeconds(2));
        User user = signUp();
        double lostBefore = answersLost();
        CompletableFuture<Api.Response> answered = runAsync(user, "keep me");
        await().atMost(Duration.ofSeconds(30)).until(() -> SIMULATOR.requests().size() == 1);
        CountDownLatch letGo = new CountDownLatch(1);
        CompletableFuture<Object> reservedTaken = CompletableFuture.supplyAsync(() -> finishing.execute(() -> {
            hold(letGo);
            return null;
        }));
        List<Connection> taken = takeAll(pool);
        try {
            Api.Response response = answered.join();
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.json().path("error").asString()).isEqualTo("service_overloaded");
            assertThat(response.json().path("settlement").asString()).isEqualTo("pending");
            assertThat(settler.pending()).isEqualTo(1);
        }
        finally {
            letGo.countDown();
            reservedTaken.join();
            closeAll(taken);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> settler.pending() == 0);
        assertThat(sessions(user)).as("the kept answer is saved").isEqualTo(1);
        assertThat(api.get("/api/v1/playground/sessions", user.token())
            .json()
            .path("items")
            .get(0)
            .path("title")
            .asString()).isEqualTo("keep me");
        assertThat(answersLost()).isEqualTo(lostBefore);
        LedgerInvariants.assertHold(jdbc, user.id());
        assertThat(jdbc.sql("SELECT count(*) FROM credit_reservations WHERE user_id = :u AND status = 'active'")
            .param("u", user.id())
            .query(Long.class)
            .single()).as("no hold left open").isZero();
    }

    private double answersLost() {
        return meters.counter("prpm.runs.answers.lost").count();
    }

    private record User(UUID id, String token) {
    }

    private User signUp() {
        var body = api.signup("overload-" + UUID.randomUUID() + "@example.com").json();
        return new User(UUID.fromString(body.path("user").path("id").asString()), body.path("token").asString());
    }

    private Api.Response run(User user, String input) {
        return api.post("/api/v1/playground/run", Map.of("packageId", pkg, "model", "sonnet", "input", input),
                user.token());
    }

    private CompletableFuture<Api.Response> runAsync(User user, String input) {
        return CompletableFuture.supplyAsync(() -> run(user, input));
    }

    private long ledgerRows(User user) {
        return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u")
            .param("u", user.id())
            .query(Long.class)
            .single();
    }

    private long sessions(User user) {
        return jdbc.sql("SELECT count(*) FROM sessions WHERE user_id = :u")
            .param("u", user.id())
            .query(Long.class)
            .single();
    }

    private static List<Connection> takeAll(HikariDataSource pool) throws Exception {
        List<Connection> taken = new ArrayList<>();
        for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
            taken.add(pool.getConnection());
        }
        return taken;
    }

    private static void closeAll(List<Connection> connections) throws Exception {
        for (Connection connection : connections) {
            connection.close();
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
