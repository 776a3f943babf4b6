package dev.prpm.playground.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerAudit;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.RedisServerProcess;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis stopped mid-load (issue #11's chaos list, docs/scaling.md "Failures"): the
 * application runs against its own redis-server, which is killed ({@code kill -9}) while
 * clients run, read packages and log in, and started again on the same port (empty: no
 * persistence). Designed behaviour: fail open (limits unchecked, cache from PostgreSQL),
 * no 5xx, {@code prpm_redis_available} 0 during the outage and 1 after it; the limiter
 * works through Redis again once Lettuce has reconnected. Ends with the ledger invariant.
 */
@IntegrationTest
@DirtiesContext
class RedisOutageTest {

    static final RedisServerProcess REDIS = RedisServerProcess.start();

    static final int USERS = 4;

    /**
     * Long enough for Lettuce's reconnect backoff to matter (its default grew to 8 s by
     * then).
     */
    static final Duration OUTAGE = Duration.ofSeconds(10);

    static final long GRANT = 1_000;

    static final String PASSWORD = "correct-horse-battery";

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) {
        registry.add("prpm.redis.url", REDIS::url);
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Autowired
    Api api;

    @Autowired
    CreditLedger ledger;

    @Autowired
    LedgerAudit audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void redisKilledMidLoadFailsOpenWithNo5xxAndLosesNoCredits() throws Exception {
        List<String> emails = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String email = "redis-outage-" + UUID.randomUUID() + "@example.com";
            String token = api.signup(email).json().path("token").asString();
            UUID user = ChaosSuite.userId(api, token);
            ledger.grant(user, Bucket.PURCHASED, GRANT, TransactionType.ADJUSTMENT, LedgerRefs.reason("chaos"));
            emails.add(email);
            tokens.add(token);
            users.add(user);
        }
        List<String> packages = new ArrayList<>();
        api.get("/api/v1/packages?size=4").json().path("items").forEach(p -> packages.add(p.path("id").asString()));
        assertThat(gauge()).isEqualTo(1.0);

        Map<String, AtomicInteger> byStatus = new ConcurrentSkipListMap<>();
        Map<Integer, AtomicLong> charged = new ConcurrentHashMap<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long downMs;
        long recoverMs;
        double failOpenDuringOutage;
        try (ExecutorService clients = Executors.newFixedThreadPool(USERS)) {
            for (int c = 0; c < USERS; c++) {
                int client = c;
                clients.submit(() -> load(client, tokens.get(client), emails.get(client), packages, stop, sent,
                        byStatus, charged, failures));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= 20);

            double failOpenBefore = failOpen();
            REDIS.kill();
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge() == 0.0);
            int atKill = sent.get();
            await().atMost(Duration.ofSeconds(60))
                .until(() -> sent.get() >= atKill + 40 && System.nanoTime() - killed > OUTAGE.toNanos());
            failOpenDuringOutage = failOpen() - failOpenBefore;

            REDIS.restart();
            long restarted = System.nanoTime();
            downMs = (restarted - killed) / 1_000_000;
            // recovered: Redis answers the app again and the limiter writes its window
            // into the restarted (empty) server
            await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> gauge() == 1.0 && !redis.keys("*rl:*").isEmpty());
            recoverMs = (System.nanoTime() - restarted) / 1_000_000;
            int atRecovery = sent.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= atRecovery + 12);
            stop.set(true);
        }

        await().atMost(Duration.ofSeconds(30))
            .until(() -> jdbc
                .sql("SELECT count(*) FROM credit_reservations WHERE user_id IN (:u) AND status = 'active'")
                .param("u", users)
                .query(Long.class)
                .single() == 0);
        long lost = 0;
        for (int i = 0; i < USERS; i++) {
            long balance = api.get("/api/v1/credits", tokens.get(i)).json().path("balance").asLong();
            long told = charged.getOrDefault(i, new AtomicLong()).get();
            lost += Math.abs((5 + GRANT - balance) - told);
            LedgerInvariants.assertHold(jdbc, users.get(i));
        }
        System.out.printf(
                "chaos.redis requests=%d byStatus=%s creditsLost=%d redisDownMs=%d recoverMs=%d "
                        + "failOpenDuringOutage=%d loadavg=%s%n",
                sent.get(), byStatus, lost, downMs, recoverMs, (long) failOpenDuringOutage,
                Files.readString(Path.of("/proc/loadavg")).trim());
        assertThat(failures).as("5xx or failed requests: %s", failures.stream().limit(10).toList()).isEmpty();
        assertThat(failOpenDuringOutage).as("limit checks let through while Redis was away").isPositive();
        assertThat(byStatus.keySet())
            .allMatch(status -> Set.of("200 run", "200 package", "200 login").contains(status));
        assertThat(lost).isZero();
        assertThat(audit.violations()).isEmpty();
    }

    /** One client: runs, package reads and logins in turn until told to stop. */
    private Void load(int client, String token, String email, List<String> packages, AtomicBoolean stop,
            AtomicInteger sent, Map<String, AtomicInteger> byStatus, Map<Integer, AtomicLong> charged,
            Queue<String> failures) {
        for (int n = 0; !stop.get(); n++) {
            String pkg = packages.get((client + n) % packages.size());
            String kind = switch (n % 3) {
                case 0, 1 -> "run";
                default -> n % 2 == 0 ? "package" : "login";
            };
            try {
                Api.Response response = switch (kind) {
                    case "run" -> api.post("/api/v1/playground/run",
                            Map.of("packageId", pkg, "model", "sonnet", "input", "redis outage " + n), token);
                    case "package" -> api.get("/api/v1/packages/" + pkg);
                    default -> api.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD));
                };
                sent.incrementAndGet();
                byStatus.computeIfAbsent(response.status() + " " + kind, s -> new AtomicInteger()).incrementAndGet();
                if (response.status() >= 500) {
                    failures.add(kind + " -> " + response.status() + " " + response.body());
                }
                else if ("run".equals(kind) && response.status() == 200) {
                    charged.computeIfAbsent(client, c -> new AtomicLong())
                        .addAndGet(response.json().path("credits").path("charged").asLong());
                }
            }
            catch (RuntimeException e) {
                sent.incrementAndGet();
                byStatus.computeIfAbsent("failed " + kind, s -> new AtomicInteger()).incrementAndGet();
                failures.add(kind + " -> " + e);
            }
        }
        return null;
    }

    private double gauge() {
        return meters.get("prpm.redis.available").gauge().value();
    }

    private double failOpen() {
        return meters.find("prpm.ratelimit.fail.open").counters().stream().mapToDouble(c -> c.count()).sum();
    }

}
