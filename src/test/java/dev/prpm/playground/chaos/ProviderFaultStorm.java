package dev.prpm.playground.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.simulator.Fault;
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.support.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Concurrent runs (plain and streamed, several models) while the providers answer 5xx,
 * 429, hang past the timeout, or break streams mid-answer. Every credit a user lost must
 * be one a client was told it was charged; no hold stays open; then the faults stop and
 * the time until runs succeed again is measured.
 */
final class ProviderFaultStorm {

    private static final int USERS = 20;

    private static final long GRANT = 200;

    private static final List<String> MODELS = List.of("sonnet", "haiku", "gpt-4o-mini", "gpt-4o");

    private final Api api;

    private final HttpClient client;

    private final int port;

    private final JdbcClient jdbc;

    private final CreditLedger ledger;

    private final ProviderSimulator simulator;

    private final String pkg;

    private final long seed;

    ProviderFaultStorm(Api api, HttpClient client, int port, JdbcClient jdbc, CreditLedger ledger,
            ProviderSimulator simulator, String pkg, long seed) {
        this.api = api;
        this.client = client;
        this.port = port;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.simulator = simulator;
        this.pkg = pkg;
        this.seed = seed;
    }

    /**
     * What a client saw: an HTTP status or, for a stream, the status its last event
     * named.
     */
    record Seen(int status, String code, long charged) {
    }

    void run(int runs) throws Exception {
        List<String> tokens = new ArrayList<>();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String token = api.signupToken();
            UUID user = ChaosSuite.userId(api, token);
            ledger.grant(user, Bucket.PURCHASED, GRANT, TransactionType.ADJUSTMENT, LedgerRefs.reason("chaos"));
            tokens.add(token);
            users.add(user);
        }
        simulator.latency(Duration.ofMillis(30))
            .deltaInterval(Duration.ofMillis(5))
            .faultRandomly(0.3, seed,
                    List.of(Fault.serverError(), Fault.overloaded(), Fault.rateLimited(Duration.ofSeconds(1)),
                            Fault.hang(Duration.ofSeconds(4)), Fault.brokenStream(2), Fault.overloadedMidStream(1)));
        Map<String, AtomicInteger> byStatus = new ConcurrentSkipListMap<>();
        Map<String, AtomicLong> charged = new ConcurrentHashMap<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        long started;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < runs; i++) {
                String token = tokens.get(i % USERS);
                boolean stream = i % 4 == 0;
                String body = "{\"packageId\":\"" + pkg + "\",\"model\":\"" + MODELS.get(i % MODELS.size())
                        + "\",\"input\":\"chaos run " + i + "\"}";
                clients.submit(() -> {
                    start.await();
                    Seen seen = stream ? stream(token, body) : run(token, body);
                    byStatus.computeIfAbsent(seen.status() + " " + seen.code(), s -> new AtomicInteger())
                        .incrementAndGet();
                    charged.computeIfAbsent(token, t -> new AtomicLong()).addAndGet(seen.charged());
                    if (seen.status() == 500 || seen.status() == 0) {
                        failures.add(seen.toString());
                    }
                    return null;
                });
            }
            started = System.nanoTime();
            start.countDown();
        }
        long stormMs = (System.nanoTime() - started) / 1_000_000;

        simulator.reset(); // the providers are healthy again
        long calm = System.nanoTime();
        String probe = "{\"packageId\":\"" + pkg + "\",\"model\":\"sonnet\",\"input\":\"are you back?\"}";
        AtomicInteger probes = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            probes.incrementAndGet();
            Seen seen = run(tokens.getFirst(), probe);
            charged.computeIfAbsent(tokens.getFirst(), t -> new AtomicLong()).addAndGet(seen.charged());
            return seen.status() == 200;
        });
        long recoverMs = (System.nanoTime() - calm) / 1_000_000;

        await().atMost(Duration.ofSeconds(60))
            .until(() -> jdbc
                .sql("SELECT count(*) FROM credit_reservations WHERE user_id IN (:u) AND status = 'active'")
                .param("u", users)
                .query(Long.class)
                .single() == 0);
        long lost = 0;
        for (int i = 0; i < USERS; i++) {
            long balance = api.get("/api/v1/credits", tokens.get(i)).json().path("balance").asLong();
            long told = charged.getOrDefault(tokens.get(i), new AtomicLong()).get();
            lost += Math.abs((5 + GRANT - balance) - told);
            LedgerInvariants.assertHold(jdbc, users.get(i));
        }
        System.out.printf(
                "chaos.provider_faults runs=%d users=%d stormMs=%d byStatus=%s "
                        + "creditsLost=%d recoverMs=%d probes=%d%n",
                runs, USERS, stormMs, byStatus, lost, recoverMs, probes.get());
        assertThat(failures).as("internal errors: %s", failures.stream().limit(10).toList()).isEmpty();
        assertThat(lost).isZero();
    }

    private Seen run(String token, String body) throws Exception {
        HttpResponse<String> response = client.send(request("/api/v1/playground/run", token, body),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = ChaosSuite.JSON.readTree(response.body());
        return new Seen(response.statusCode(), json.path("error").asString("ok"),
                response.statusCode() == 200 ? json.path("credits").path("charged").asLong() : 0);
    }

    private Seen stream(String token, String body) throws Exception {
        HttpResponse<String> response = client.send(request("/api/v1/playground/run/stream", token, body),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            JsonNode json = ChaosSuite.JSON.readTree(response.body());
            return new Seen(response.statusCode(), json.path("error").asString(), 0);
        }
        String event = null;
        String data = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            }
            else if (line.startsWith("data:")) {
                data = line.substring(5).trim();
            }
        }
        JsonNode last = data == null ? ChaosSuite.JSON.createObjectNode() : ChaosSuite.JSON.readTree(data);
        if ("done".equals(event)) {
            return new Seen(200, "stream_done", last.path("credits").path("charged").asLong());
        }
        if ("error".equals(event)) {
            return new Seen(last.path("status").asInt(), "stream_" + last.path("error").asString(),
                    last.path("partial").path("credits").path("charged").asLong());
        }
        return new Seen(0, "stream_cut_without_end_event", 0);
    }

    private HttpRequest request(String path, String token, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    }

}
