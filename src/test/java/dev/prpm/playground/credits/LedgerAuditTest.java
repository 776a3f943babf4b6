package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class LedgerAuditTest {

    @Autowired
    LedgerAudit audit;

    @Autowired
    CreditLedger ledger;

    @Autowired
    Reservations reservations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void aConsistentLedgerHasNoViolationsAndTheMetricSaysZero() {
        UUID user = TestUsers.create(jdbc);
        ledger.grant(user, Bucket.PURCHASED, 30, TransactionType.PURCHASE, LedgerRefs.reason("test"));
        reservations.reserve(user, 7, "run", LedgerRefs.reason("test"));

        int found = audit.check();
        assertThat(audit.violations()).noneMatch(v -> v.userId().equals(user)).hasSize(found);
        assertThat(meters.get("prpm.credits.invariant.violations").gauge().value()).isEqualTo(found);
        assertThat(meters.get("prpm.credits.invariant.checks").counter().count()).isPositive();
    }

    @Test
    void findsABucketThatDriftedFromItsLedgerAndReservedCreditsWithoutAHold() {
        UUID user = TestUsers.create(jdbc);
        ledger.grant(user, Bucket.PURCHASED, 10, TransactionType.PURCHASE, LedgerRefs.reason("test"));
        jdbc.sql("UPDATE credit_accounts SET purchased = purchased + 3, reserved = 2 WHERE user_id = :u")
            .param("u", user)
            .update();
        try {
            int found = audit.check();
            assertThat(found).isPositive();
            assertThat(meters.get("prpm.credits.invariant.violations").gauge().value()).isEqualTo(found);
            LedgerViolation violation = audit.violations()
                .stream()
                .filter(v -> v.userId().equals(user))
                .findFirst()
                .orElseThrow();
            assertThat(violation.buckets().purchased()).isEqualTo(13);
            assertThat(violation.ledger().purchased()).isEqualTo(10);
            assertThat(violation.reserved()).isEqualTo(2);
            assertThat(violation.openHolds()).isZero();
        }
        finally {
            jdbc.sql("UPDATE credit_accounts SET purchased = purchased - 3, reserved = 0 WHERE user_id = :u")
                .param("u", user)
                .update();
        }
        assertThat(audit.violations()).noneMatch(v -> v.userId().equals(user));
    }

}
