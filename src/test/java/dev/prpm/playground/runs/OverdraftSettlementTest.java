package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.credits.CreditLedger;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.simulator.Fault;
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue #16 item 1 and issue #11 finding 10: the hold is realistic (the package's p95
 * answer length), and a run whose actual usage exceeds its hold — a long answer, a
 * costlier fallback — is charged in full: from the remaining balance, then as a bounded
 * overdraft recorded in the ledger. Checked against the ledger after every run.
 */
@IntegrationTest
@DirtiesContext
class OverdraftSettlementTest {

    static final ProviderSimulator SIMULATOR = ProviderSimulator.start();

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("prpm.ai.providers.anthropic.api-key", () -> "sk-ant-test");
        registry.add("prpm.ai.providers.anthropic.base-url", SIMULATOR::baseUrl);
        registry.add("prpm.ai.providers.openai.api-key", () -> "sk-test");
        registry.add("prpm.ai.providers.openai.base-url", SIMULATOR::openAiBaseUrl);
        registry.add("prpm.ai.retry.initial-backoff", () -> "5ms");
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CreditLedger ledger;

    @Autowired
    CircuitBreakerRegistry breakers;

    @BeforeEach
    void reset() {
        SIMULATOR.reset();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    private String packageId(String query) {
        return api.get("/api/v1/packages?q=" + query).json().path("items").get(0).path("id").asString();
    }

    private Map<String, Object> body(String pkg, String model, int maxOutputTokens) {
        return Map.of("packageId", pkg, "model", model, "input", "Summarise the table", "maxOutputTokens",
                maxOutputTokens);
    }

    private UUID userOf(String token) {
        return UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
    }

    private long ledgerOf(UUID runId, String types) {
        return jdbc
            .sql("SELECT coalesce(-sum(amount), 0) FROM credit_transactions WHERE run_id = :run AND type IN (" + types
                    + ")")
            .param("run", runId)
            .query(Long.class)
            .single();
    }

    @Test
    void anAnswerLongerThanTheRealisticHoldIsChargedInFullAndTheRestIsOwed() {
        String pkg = packageId("data-analyst");
        SIMULATOR.usage(100, 40);
        String builder = api.signupToken();
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/v1/playground/run", body(pkg, "sonnet", 100), builder).status()).isEqualTo(200);
        }

        String token = api.signupToken();
        UUID me = userOf(token);
        ledger.adjust(me, -3, "test: leave 2 credits");
        var quote = api.post("/api/v1/playground/estimate", body(pkg, "sonnet", 4096), token).json();
        assertThat(quote.path("holdOutputTokens").asInt()).isEqualTo(40);
        assertThat(quote.path("holdCredits").asLong()).isEqualTo(1);
        assertThat(quote.path("affordable").asBoolean())
            .as("the full allowance (3 credits) would not fit, the realistic hold does")
            .isTrue();

        SIMULATOR.usage(100, 4_000);
        var run = api.post("/api/v1/playground/run", body(pkg, "sonnet", 4096), token);
        assertThat(run.status()).isEqualTo(200);
        JsonNode credits = run.json().path("credits");
        UUID runId = UUID.fromString(run.json().path("runId").asString());

        assertThat(credits.path("estimated").asLong()).isEqualTo(1);
        assertThat(credits.path("charged").asLong()).as("4,100 tokens = 3 blocks of 2,000").isEqualTo(3);
        assertThat(credits.path("overdraft").asLong()).isEqualTo(1);
        assertThat(credits.path("balanceAfter").asLong()).isEqualTo(-1);
        assertThat(ledgerOf(runId, "'overdraft'")).isEqualTo(1);
        assertThat(ledgerOf(runId, "'spend', 'overdraft'")).isEqualTo(3);
        JsonNode receipt = api.get("/api/v1/playground/runs/" + runId + "/receipt", token).json();
        JsonNode paid = receipt.path("paid");
        assertThat(paid.path("monthly").asLong() + paid.path("rollover").asLong() + paid.path("purchased").asLong())
            .as("the receipt sums the ledger rows of the run")
            .isEqualTo(3);
        assertThat(api.get("/api/v1/credits", token).json().path("balance").asLong()).isEqualTo(-1);
        LedgerInvariants.assertHold(jdbc, me);

        var next = api.post("/api/v1/playground/run", body(pkg, "sonnet", 100), token);
        assertThat(next.status()).as("a debt blocks the next run").isEqualTo(402);
        LedgerInvariants.assertHold(jdbc, me);
    }

    @Test
    void aCostlierFallbackIsChargedAtItsOwnPriceBeyondTheHold() {
        String pkg = packageId("product-spec");
        String token = api.signupToken();
        UUID me = userOf(token);
        SIMULATOR.usage(100, 40);
        SIMULATOR.failNext(3, Fault.serverError());

        var run = api.post("/api/v1/playground/run", body(pkg, "sonnet", 500), token);

        assertThat(run.status()).isEqualTo(200);
        assertThat(run.json().path("model").asString()).isEqualTo("gpt-4o");
        assertThat(run.json().path("fallbackFrom").asString()).isEqualTo("sonnet");
        JsonNode credits = run.json().path("credits");
        assertThat(credits.path("estimated").asLong()).as("held at sonnet's price").isEqualTo(1);
        assertThat(credits.path("charged").asLong()).as("charged at gpt-4o's price").isEqualTo(2);
        assertThat(credits.path("overdraft").asLong()).isZero();
        assertThat(credits.path("balanceAfter").asLong()).isEqualTo(3);
        UUID runId = UUID.fromString(run.json().path("runId").asString());
        assertThat(ledgerOf(runId, "'spend', 'overdraft'")).isEqualTo(2);
        LedgerInvariants.assertHold(jdbc, me);
    }

}
