package dev.prpm.playground.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.billing.StripeTestEvents;
import dev.prpm.playground.credits.LedgerInvariants;
import dev.prpm.playground.support.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhook deliveries all at once, as Stripe sends them on a bad day: every event
 * delivered one to four times, in random order (a dispute or its close before the
 * payment, a refund before the completion). Paid-only purchases must end granted exactly
 * once; every purchase's credits equal what its stored state says; the ledger stays
 * exact.
 */
final class WebhookStorm {

    private static final int PAID_ONLY = 60;

    private static final int CONTESTED = 60;

    private final Api api;

    private final JdbcClient jdbc;

    private final String secret;

    private final Random random;

    WebhookStorm(Api api, JdbcClient jdbc, String secret, long seed) {
        this.api = api;
        this.jdbc = jdbc;
        this.secret = secret;
        this.random = new Random(seed);
    }

    record Buyer(String token, UUID user, UUID purchase, String session, boolean contested) {
    }

    void run(int deliveries) throws Exception {
        List<Buyer> buyers = buyers();
        List<String> events = new ArrayList<>();
        for (Buyer buyer : buyers) {
            String intent = StripeTestEvents.newId("pi_storm_");
            events.add(StripeTestEvents.event("checkout.session.completed",
                    StripeTestEvents.paidSession(buyer.session(), buyer.user(), buyer.purchase(), intent)));
            if (buyer.contested()) {
                events.add(StripeTestEvents.event("charge.dispute.created",
                        StripeTestEvents.dispute(intent, "needs_response")));
                events.add(StripeTestEvents.event("charge.dispute.closed", StripeTestEvents.dispute(intent, "won")));
                events.add(StripeTestEvents.event("charge.refunded",
                        StripeTestEvents.partiallyRefundedCharge(intent, 500, 250)));
            }
        }
        List<String> payloads = new ArrayList<>(events);
        while (payloads.size() < deliveries) {
            payloads.add(events.get(random.nextInt(events.size()))); // duplicates: same
                                                                     // event id again
        }
        Collections.shuffle(payloads, random);

        Map<Integer, AtomicInteger> byStatus = new ConcurrentSkipListMap<>();
        Map<String, AtomicInteger> byOutcome = new ConcurrentSkipListMap<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        long started;
        try (ExecutorService senders = Executors.newFixedThreadPool(64)) {
            for (String payload : payloads) {
                senders.submit(() -> {
                    start.await();
                    Api.Response response = StripeTestEvents.deliver(api, payload, secret,
                            Instant.now().getEpochSecond());
                    byStatus.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (response.status() == 200) {
                        byOutcome.computeIfAbsent(response.json().path("status").asString(), s -> new AtomicInteger())
                            .incrementAndGet();
                    }
                    else {
                        failures.add(response.status() + " " + response.body());
                    }
                    return null;
                });
            }
            started = System.nanoTime();
            start.countDown();
        }
        long ms = (System.nanoTime() - started) / 1_000_000;

        Set<String> ids = ConcurrentHashMap.newKeySet();
        events.forEach(e -> ids.add(StripeTestEvents.idOf(e)));
        long stored = jdbc.sql("SELECT count(*) FROM stripe_events WHERE id IN (:ids)")
            .param("ids", ids)
            .query(Long.class)
            .single();
        long lost = 0;
        for (Buyer buyer : buyers) {
            lost += Math.abs(creditsLost(buyer));
            LedgerInvariants.assertHold(jdbc, buyer.user());
        }
        System.out.printf(
                "chaos.webhooks deliveries=%d distinctEvents=%d purchases=%d ms=%d byStatus=%s "
                        + "byOutcome=%s creditsLost=%d%n",
                payloads.size(), events.size(), buyers.size(), ms, byStatus, byOutcome, lost);
        assertThat(failures).as("first failures: %s", failures.stream().limit(10).toList()).isEmpty();
        assertThat(stored).isEqualTo(events.size());
        assertThat(byOutcome.get("duplicate").get()).isEqualTo(payloads.size() - events.size());
        assertThat(lost).isZero();
    }

    /**
     * The buyer's balance against what the purchase's state says it should be: the signup
     * bonus, plus the pack if its payment completed, minus what refunds and disputes
     * still hold back. Paid-only purchases must be completed with exactly one grant.
     */
    private long creditsLost(Buyer buyer) {
        var row = jdbc.sql("SELECT status, credits_clawed_back FROM purchases WHERE id = :id")
            .param("id", buyer.purchase())
            .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
            .single();
        long grants = jdbc.sql("SELECT count(*) FROM credit_transactions WHERE type = 'purchase' AND stripe_ref = :s")
            .param("s", buyer.session())
            .query(Long.class)
            .single();
        assertThat(grants).as("grants of %s", buyer.session()).isLessThanOrEqualTo(1);
        if (!buyer.contested()) {
            assertThat(row.getKey()).isEqualTo("completed");
            assertThat(grants).isEqualTo(1);
        }
        long expected = 5 + 100 * grants - row.getValue();
        long balance = api.get("/api/v1/credits", buyer.token()).json().path("balance").asLong();
        return expected - balance;
    }

    private List<Buyer> buyers() throws Exception {
        List<Buyer> buyers = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < PAID_ONLY + CONTESTED; i++) {
                boolean contested = i >= PAID_ONLY;
                pool.submit(() -> {
                    String token = api.signupToken();
                    Api.Response purchase = api.post("/api/v1/credits/purchase", Map.of("packId", "small"), token);
                    assertThat(purchase.status()).as(purchase.body()).isEqualTo(200);
                    UUID id = UUID.fromString(purchase.json().path("purchaseId").asString());
                    String session = jdbc.sql("SELECT stripe_checkout_session_id FROM purchases WHERE id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single();
                    buyers.add(new Buyer(token, ChaosSuite.userId(api, token), id, session, contested));
                    return null;
                });
            }
        }
        assertThat(buyers).hasSize(PAID_ONLY + CONTESTED);
        return buyers;
    }

}
