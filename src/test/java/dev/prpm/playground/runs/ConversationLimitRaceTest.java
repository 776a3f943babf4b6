package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.credits.Bucket;
import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.TransactionType;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Concurrent runs on one conversation at 38 of 40 messages: exactly one lands, the others
 * get 409 {@code conversation_too_long} uncharged (issue #11, finding 8).
 */
@IntegrationTest
class ConversationLimitRaceTest {

    // below the per-user concurrency limit (prpm.admission, 8): the first run's permit
    // may
    // still be held while its response is read
    private static final int RUNS = 6;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CreditLedger ledger;

    @Test
    void concurrentRunsAt38MessagesEndAtMost40() throws Exception {
        String token = api.signupToken();
        UUID user = UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
        ledger.grant(user, Bucket.PURCHASED, 200, TransactionType.ADJUSTMENT, LedgerRefs.reason("race test"));
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        Api.Response first = api.post("/api/v1/playground/run",
                Map.of("packageId", pkg, "model", "haiku", "input", "SELECT 1"), token);
        assertThat(first.status()).isEqualTo(200);
        UUID session = UUID.fromString(first.json().path("sessionId").asString());
        jdbc.sql("""
                UPDATE sessions SET messages = (SELECT jsonb_agg(e) FROM jsonb_array_elements(messages) e,
                                                generate_series(1, 19)), message_count = 38
                WHERE id = :id""").param("id", session).update();

        CyclicBarrier start = new CyclicBarrier(RUNS);
        List<Future<Api.Response>> results = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(RUNS)) {
            for (int i = 0; i < RUNS; i++) {
                String input = "SELECT " + i;
                results.add(clients.submit(() -> {
                    start.await();
                    return api.post("/api/v1/playground/run", Map.of("packageId", pkg, "model", "haiku", "input", input,
                            "conversationId", session.toString()), token);
                }));
            }
        }
        int ok = 0;
        for (Future<Api.Response> result : results) {
            Api.Response response = result.get();
            if (response.status() == 200) {
                ok++;
            }
            else {
                assertThat(response.status()).as(response.body()).isEqualTo(409);
                assertThat(response.json().path("error").asString()).isEqualTo("conversation_too_long");
            }
        }
        int count = jdbc.sql("SELECT message_count FROM sessions WHERE id = :id")
            .param("id", session)
            .query(Integer.class)
            .single();
        int stored = jdbc.sql("SELECT jsonb_array_length(messages) FROM sessions WHERE id = :id")
            .param("id", session)
            .query(Integer.class)
            .single();
        long spends = jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u AND type = 'spend'")
            .param("u", user)
            .query(Long.class)
            .single();
        System.out.printf("race.conversation runs=%d ok=%d messages=%d%n", RUNS, ok, count);
        assertThat(ok).isEqualTo(1);
        assertThat(count).isEqualTo(40).isEqualTo(stored);
        assertThat(spends).as("the first run and the one that landed are charged").isEqualTo(2);
        LedgerInvariants.assertHold(jdbc, user);
    }

}
