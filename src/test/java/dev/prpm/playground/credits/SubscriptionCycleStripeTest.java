package dev.prpm.playground.credits;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.prpm.playground.billing.StripeTestEvents.event;
import static dev.prpm.playground.billing.StripeTestEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prpm.playground.billing.StripeTestEvents;
import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The monthly cycle at its edges, driven the way production drives it: signed Stripe
 * webhooks (WireMock standing in for the Stripe API) and the scheduled reset, with a
 * moved clock.
 */
@IntegrationTest
@DirtiesContext
class SubscriptionCycleStripeTest {

    static final String SECRET = "whsec_cycle_0123456789abcdef";

    static WireMockServer stripe;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    MonthlyCycle cycle;

    @Autowired
    Reservations reservations;

    @BeforeAll
    static void startStripe() {
        stripe = new WireMockServer(options().dynamicPort());
        stripe.start();
        stripe.stubFor(post(urlPathMatching("/v1/subscriptions/sub_[A-Za-z0-9_]+"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                    {"id":"sub_test_1","object":"subscription","status":"active","cancel_at_period_end":true}""")));
    }

    @AfterAll
    static void stopStripe() {
        stripe.stop();
    }

    @DynamicPropertySource
    static void billingProperties(DynamicPropertyRegistry registry) {
        registry.add("prpm.billing.enabled", () -> "true");
        registry.add("prpm.billing.mode", () -> "stripe");
        registry.add("prpm.billing.api-key", () -> "sk_test_stub");
        registry.add("prpm.billing.webhook-secret", () -> SECRET);
        registry.add("prpm.billing.api-base", () -> stripe.baseUrl());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A PRPM+ subscriber whose first period started now (monthly 200 + signup 5). */
    private record Subscriber(String token, UUID user, String subscription, Instant start) {
    }

    private Subscriber subscriber() {
        String token = api.signupToken();
        UUID user = UUID.fromString(api.get("/api/v1/me", token).json().path("id").asString());
        String subscription = newId("sub_test_");
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        deliver(event(newId("evt_test_"), "checkout.session.completed", start,
                StripeTestEvents.subscriptionSession(subscription, user)));
        paid(new Subscriber(token, user, subscription, start), 0);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(200, 0, 5));
        return new Subscriber(token, user, subscription, start);
    }

    private static Instant anniversary(Subscriber s, int months) {
        return s.start().atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    /** Stripe's invoice.paid for the n-th period, sent now. */
    private Api.Response paid(Subscriber s, int period) {
        return deliver(event(newId("evt_test_"), "invoice.paid", clock.instant(), StripeTestEvents
            .paidInvoice(s.subscription(), s.user(), anniversary(s, period), anniversary(s, period + 1))));
    }

    private Api.Response deliver(String payload) {
        return StripeTestEvents.deliver(api, payload, SECRET, clock);
    }

    private void moveTo(Instant target) {
        clock.reset();
        clock.advance(Duration.between(Instant.now(), target));
    }

    private void spend(UUID user, long amount) {
        Reservation hold = reservations.reserve(user, amount, "run", LedgerRefs.reason("test"));
        reservations.settle(hold.id(), amount, LedgerRefs.reason("test"));
    }

    private long monthlyGrants(UUID user) {
        return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u AND type = 'monthly_grant'")
            .param("u", user)
            .query(Long.class)
            .single();
    }

    private void runScheduledReset() {
        while (cycle.runDue(CreditJobs.BATCH) == CreditJobs.BATCH) {
            // as the job does
        }
    }

    @Test
    void cancelledAtPeriodEndGetsNothingPastItsEndEvenBeforeTheDeletionArrives() {
        Subscriber s = subscriber();
        spend(s.user(), 50);
        assertThat(api.post("/api/v1/subscription/cancel", "", s.token()).status()).isEqualTo(200);

        moveTo(anniversary(s, 1).plusSeconds(60));
        runScheduledReset(); // before Stripe's customer.subscription.deleted
        assertThat(LedgerInvariants.buckets(jdbc, s.user())).as("unused monthly rolled over, no new allowance")
            .isEqualTo(new Buckets(0, 150, 5));
        deliver(event(newId("evt_test_"), "customer.subscription.deleted", clock.instant(),
                StripeTestEvents.subscription(s.subscription(), s.user(), "canceled", true)));
        assertThat(jdbc.sql("SELECT tier FROM users WHERE id = :u").param("u", s.user()).query(String.class).single())
            .as("the month-old token has expired; the tier as stored")
            .isEqualTo("free");
        assertThat(monthlyGrants(s.user())).isEqualTo(1);
        LedgerInvariants.assertHold(jdbc, s.user());
    }

    @Test
    void anUnpaidRenewalGrantsNothingUntilItsInvoiceIsPaidThenExactlyOnce() {
        Subscriber s = subscriber();
        moveTo(anniversary(s, 1).plusSeconds(60));
        runScheduledReset();
        assertThat(LedgerInvariants.buckets(jdbc, s.user())).isEqualTo(new Buckets(0, 200, 5));

        moveTo(anniversary(s, 1).plus(Duration.ofDays(3))); // paid on the third retry
        assertThat(paid(s, 1).status()).isEqualTo(200);
        assertThat(LedgerInvariants.buckets(jdbc, s.user())).isEqualTo(new Buckets(200, 200, 5));
        spend(s.user(), 40);
        paid(s, 1);
        runScheduledReset();
        assertThat(LedgerInvariants.buckets(jdbc, s.user())).isEqualTo(new Buckets(160, 200, 5));
        assertThat(monthlyGrants(s.user())).isEqualTo(2);
        LedgerInvariants.assertHold(jdbc, s.user());
    }

    @Test
    void renewalWebhookAndScheduledResetNeverBothGrantForOnePeriod() throws Exception {
        Subscriber first = subscriber();
        spend(first.user(), 20);
        moveTo(anniversary(first, 1).plusSeconds(30));
        runScheduledReset();
        spend(first.user(), 50); // spent between the reset and the renewal
        paid(first, 1);
        assertThat(LedgerInvariants.buckets(jdbc, first.user())).isEqualTo(new Buckets(200, 130, 5));
        assertThat(monthlyGrants(first.user())).isEqualTo(2);
        LedgerInvariants.assertHold(jdbc, first.user());
        clock.reset();

        for (int round = 0; round < 3; round++) {
            Subscriber s = subscriber();
            spend(s.user(), 20);
            moveTo(anniversary(s, 1).plusSeconds(30));
            var start = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(2)) {
                var reset = pool.submit(() -> {
                    start.await();
                    runScheduledReset();
                    return null;
                });
                var renewal = pool.submit(() -> {
                    start.await();
                    return paid(s, 1);
                });
                start.countDown();
                reset.get();
                assertThat(renewal.get().status()).isEqualTo(200);
            }
            spend(s.user(), 30);
            runScheduledReset();
            paid(s, 1);
            assertThat(LedgerInvariants.buckets(jdbc, s.user())).isEqualTo(new Buckets(170, 180, 5));
            assertThat(monthlyGrants(s.user())).isEqualTo(2);
            LedgerInvariants.assertHold(jdbc, s.user());
            clock.reset();
        }
    }

    @Test
    void aRunInFlightAcrossTheRenewalDoesNotInflateTheNewAllowance() {
        Subscriber s = subscriber();
        Reservation inFlight = reservations.reserve(s.user(), 60, "run", LedgerRefs.reason("slow run"));
        moveTo(anniversary(s, 1).plusSeconds(30));
        paid(s, 1); // the renewal runs the reset: 140 roll over, 200 granted
        assertThat(LedgerInvariants.buckets(jdbc, s.user())).isEqualTo(new Buckets(200, 140, 5));

        reservations.settle(inFlight.id(), 25, LedgerRefs.reason("slow run done"));
        assertThat(LedgerInvariants.buckets(jdbc, s.user())).isEqualTo(new Buckets(200, 175, 5));
        LedgerInvariants.assertHold(jdbc, s.user());
    }

}
