package dev.prpm.playground.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.zaxxer.hikari.HikariDataSource;
import dev.prpm.playground.PlaygroundApplication;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.support.Api;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two app instances in one JVM (two Spring contexts on random ports) on one PostgreSQL
 * and one Redis (own key prefix): the free limit holds across them, a version published
 * on A is what the next run on B uses, a hold made on A is settled by B's job worker, and
 * a scheduled job runs once per due time cluster-wide.
 */
class TwoInstancesTest {

    static final String PREFIX = "two-instances-" + UUID.randomUUID() + ":";

    /** Due times of the probe job's executions, whichever instance ran them. */
    static final List<Instant> PROBE_RUNS = new CopyOnWriteArrayList<>();

    static ConfigurableApplicationContext a;

    static ConfigurableApplicationContext b;

    static Api apiA;

    static Api apiB;

    @BeforeAll
    static void startTwoInstances() {
        a = instance("a", "prpm.jobs.worker-enabled=false");
        HikariDataSource database = (HikariDataSource) a.getBean(DataSource.class);
        b = instance("b", "spring.datasource.url=" + database.getJdbcUrl(),
                "spring.datasource.username=" + database.getUsername(),
                "spring.datasource.password=" + database.getPassword());
        apiA = new Api(() -> port(a));
        apiB = new Api(() -> port(b));
        await().atMost(Duration.ofSeconds(30))
            .until(() -> a.getBean(RedisBroadcasts.class).subscribed()
                    && b.getBean(RedisBroadcasts.class).subscribed());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void theSixthFreeRunInAMinuteIsRefusedWhicheverInstanceGetsIt() {
        String token = apiA.signupToken();
        String pkg = packageId(apiA, "bug-triage");
        List<Api> turns = List.of(apiA, apiB, apiA, apiB, apiA);
        for (int i = 0; i < 5; i++) {
            Api.Response ok = run(turns.get(i), token, pkg);
            assertThat(ok.status()).as("run %d", i + 1).isEqualTo(200);
            assertThat(ok.header("RateLimit-Remaining")).isEqualTo(Integer.toString(4 - i));
        }
        assertThat(run(apiB, token, pkg).status()).isEqualTo(429);
        assertThat(run(apiA, token, pkg).status()).isEqualTo(429);
    }

    @Test
    void aVersionPublishedOnAIsUsedByTheNextRunOnB() {
        String author = apiA.signupToken();
        String name = "@two" + UUID.randomUUID().toString().substring(0, 6) + "/reviewer";
        String id = apiA
            .post("/api/v1/packages", Map.of("name", name, "version", "1.0.0", "snippet", "Review. Marker one."),
                    author)
            .json()
            .path("id")
            .asString();
        double sharedHitsOnB = cacheCount(b, "l2", "hit");
        assertThat(apiB.get("/api/v1/packages/" + id).json().path("latestVersion").asString()).isEqualTo("1.0.0");
        assertThat(cacheCount(b, "l2", "hit")).as("B found what A cached in Redis").isGreaterThan(sharedHitsOnB);
        assertThat(run(apiB, author, id).json().path("output").asString()).contains("Marker one");

        Api.Response published = apiA.post("/api/v1/packages/" + id + "/versions",
                Map.of("version", "1.1.0", "snippet", "Review. Marker two."), author);
        assertThat(published.status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(apiB.get("/api/v1/packages/" + id).json().path("latestVersion").asString())
                .isEqualTo("1.1.0"));
        assertThat(run(apiB, author, id).json().path("output").asString()).contains("Marker two");
    }

    @Test
    void aHoldMadeOnAIsSettledOnB() {
        String token = apiA.signupToken();
        UUID user = UUID.fromString(apiA.get("/api/v1/me", token).json().path("id").asString());
        Api.Response submitted = apiA.post("/api/v1/playground/jobs",
                Map.of("packageId", packageId(apiA, "naming-helper"), "model", "haiku", "input", "name a cache"),
                token);
        assertThat(submitted.status()).isEqualTo(202);
        String jobId = submitted.json().path("jobId").asString();

        JsonNode done = await().atMost(Duration.ofSeconds(60))
            .until(() -> apiA.get("/api/v1/playground/jobs/" + jobId + "?waitSeconds=5", token).json(),
                    job -> !List.of("queued", "running").contains(job.path("status").asString()));
        assertThat(done.path("status").asString()).as("A runs no worker: B ran it").isEqualTo("succeeded");
        long charged = done.path("result").path("credits").path("charged").asLong();
        JsonNode credits = apiB.get("/api/v1/credits", token).json();
        assertThat(credits.path("reserved").asLong()).isZero();
        assertThat(credits.path("balance").asLong()).isEqualTo(5 - charged);
        LedgerInvariants.assertHold(b.getBean(JdbcClient.class), user);
    }

    @Test
    void aScheduledJobRunsOncePerDueTimeAcrossTheCluster() {
        await().atMost(Duration.ofSeconds(60)).until(() -> PROBE_RUNS.size() >= 3);
        assertThat(PROBE_RUNS).as("no due time was executed by both instances").doesNotHaveDuplicates();
    }

    /** Settings as command-line arguments: they override the test profile's file. */
    private static ConfigurableApplicationContext instance(String name, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("server.port=0", "prpm.redis.key-prefix=" + PREFIX,
                "prpm.rate-limit.free=5", "db-scheduler.enabled=true", "db-scheduler.polling-interval=1s",
                "spring.application.name=" + name));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(PlaygroundApplication.class, ProbeJob.class).profiles("test")
            .run(args.stream().map(arg -> "--" + arg).toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static double cacheCount(ConfigurableApplicationContext context, String level, String result) {
        return context.getBean(MeterRegistry.class)
            .get("prpm.package.cache.requests")
            .tag("level", level)
            .tag("result", result)
            .counter()
            .count();
    }

    private static Api.Response run(Api api, String token, String pkg) {
        return api.post("/api/v1/playground/run",
                Map.of("packageId", pkg, "model", "haiku", "input", "Triage: login fails after deploy"), token);
    }

    private static String packageId(Api api, String query) {
        return api.get("/api/v1/packages?q=" + query).json().path("items").get(0).path("id").asString();
    }

    /** A recurring job on both instances that records each due time it runs. */
    @Configuration(proxyBeanMethods = false)
    static class ProbeJob {

        @Bean
        RecurringTask<Void> twoInstancesProbe() {
            return Tasks.recurring("two-instances-probe", FixedDelay.of(Duration.ofMillis(500)))
                .execute((instance, context) -> PROBE_RUNS.add(context.getExecution().executionTime));
        }

    }

}
