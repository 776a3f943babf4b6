package dev.prpm.playground.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.support.TestUsers;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The billing module alone: signed Stripe events become billing's own events. The two
 * interfaces billing asks other modules through are stood in for by small test
 * implementations, so no other module is started.
 */
@ApplicationModuleTest(extraIncludes = { "database", "common", "idempotency" })
@ActiveProfiles("test")
@TestPropertySource(properties = { "prpm.billing.enabled=true", "prpm.billing.mode=stripe",
        "prpm.billing.api-key=sk_test_unused", "prpm.billing.webhook-secret=" + BillingModuleTests.SECRET,
        "prpm.billing.api-base=http://127.0.0.1:9" })
class BillingModuleTests {

    static final String SECRET = "whsec_module_0123456789";

    @Autowired
    WebhookProcessor webhooks;

    @Autowired
    PurchaseRepository purchases;

    @Autowired
    BillingProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPaidCheckoutPublishesPackPurchasedOnce(Scenario scenario) {
        UUID user = TestUsers.create(jdbc);
        UUID purchase = UUID.randomUUID();
        purchases.insertPending(purchase, user, properties.pack("medium").orElseThrow());
        String payload = StripeTestEvents.event("checkout.session.completed",
                StripeTestEvents.paidSession("cs_module_1", user, purchase, "pi_module_1", 2000, "usd"));

        scenario.stimulate(() -> deliver(payload))
            .andWaitForEventOfType(PackPurchased.class)
            .toArriveAndVerify((event, status) -> {
                assertThat(status).isEqualTo("processed");
                assertThat(event.purchaseId()).isEqualTo(purchase);
                assertThat(event.credits()).isEqualTo(500);
            });
        assertThat(deliver(payload)).isEqualTo("duplicate");
    }

    @Test
    void aDeletedSubscriptionPublishesSubscriptionEnded(Scenario scenario) {
        UUID user = TestUsers.create(jdbc);
        String start = StripeTestEvents.event("invoice.paid", StripeTestEvents.paidInvoice("sub_module_1", user,
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400)));
        scenario.stimulate(() -> deliver(start))
            .andWaitForEventOfType(SubscriptionPeriodPaid.class)
            .toArriveAndVerify(event -> assertThat(event.userId()).isEqualTo(user));

        String deleted = StripeTestEvents.event("customer.subscription.deleted",
                StripeTestEvents.subscription("sub_module_1", user, "canceled", false));
        scenario.stimulate(() -> deliver(deleted))
            .andWaitForEventOfType(SubscriptionEnded.class)
            .toArriveAndVerify(event -> assertThat(event.userId()).isEqualTo(user));
    }

    private String deliver(String payload) {
        return webhooks.receive(payload, WebhookSigner.header(payload, SECRET, Instant.now().getEpochSecond()));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class OtherModules {

        @Bean
        Customers customers() {
            return new Customers() {
                @Override
                public boolean exists(UUID userId) {
                    return true;
                }

                @Override
                public boolean isVerifiedOrgMember(UUID userId) {
                    return false;
                }

                @Override
                public Optional<CurrentUser> authenticate(String authorizationHeader) {
                    return Optional.empty();
                }
            };
        }

        @Bean
        CreditReversals reversals() {
            return new CreditReversals() {
                @Override
                public Reversal takeBack(UUID userId, long credits, String reason, String stripeRef) {
                    return new Reversal(credits, 0);
                }

                @Override
                public void restore(UUID userId, long credits, String reason, String stripeRef) {
                }
            };
        }

    }

}
