package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.TestUsers;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One hold paying for several runs: each partial settlement charges at most its limit and
 * what is still held, the rest stays open until released, and the ledger stays exact at
 * every step.
 */
@IntegrationTest
class ReservationEnvelopeTest {

    @Autowired
    Reservations reservations;

    @Autowired
    CreditLedger ledger;

    @Autowired
    JdbcClient jdbc;

    private UUID userWith(long monthly, long purchased) {
        UUID user = TestUsers.create(jdbc);
        if (monthly > 0) {
            ledger.grant(user, Bucket.MONTHLY, monthly, TransactionType.MONTHLY_GRANT, LedgerRefs.reason("test"));
        }
        ledger.grant(user, Bucket.PURCHASED, purchased, TransactionType.PURCHASE, LedgerRefs.reason("test"));
        return user;
    }

    private static LedgerRefs run() {
        return LedgerRefs.forRun("cell", UUID.randomUUID(), null);
    }

    @Test
    void partialSettlementsChargeEachRunAndTheRestIsReleasedAtTheEnd() {
        UUID user = userWith(5, 20);
        Reservation envelope = reservations.reserve(user, 10, "batch", LedgerRefs.reason("test"));

        Settlement first = reservations.settlePart(envelope.id(), 3, 4, run());
        assertThat(first.charged()).isEqualTo(3);
        assertThat(first.paid()).isEqualTo(new Settlement.Paid(3, 0, 0));
        assertThat(first.balanceAfter()).isEqualTo(15);
        assertThat(held(envelope.id())).isEqualTo(7);
        LedgerInvariants.assertHold(jdbc, user);

        Settlement beyond = reservations.settlePart(envelope.id(), 6, 4, run());
        assertThat(beyond.charged()).as("the actual cost: its share of the hold, the rest from the balance")
            .isEqualTo(6);
        assertThat(beyond.paid()).as("held monthly first, then purchased").isEqualTo(new Settlement.Paid(2, 0, 4));
        assertThat(held(envelope.id())).as("only the run's share left the hold").isEqualTo(3);
        assertThat(status(envelope.id())).isEqualTo("active");
        LedgerInvariants.assertHold(jdbc, user);

        assertThat(reservations.releaseRest(envelope.id(), "batch done")).isEqualTo(3);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, 16));
        assertThat(status(envelope.id())).isEqualTo("settled");
        assertThat(settled(envelope.id())).isEqualTo(9);
        assertThat(spends(envelope.id())).isEqualTo(3);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void anEnvelopeSpentToZeroChargesFromTheBalanceAndClosesWithoutAnEmptyRelease() {
        UUID user = userWith(0, 10);
        Reservation envelope = reservations.reserve(user, 4, "batch", LedgerRefs.reason("test"));
        reservations.settlePart(envelope.id(), 2, 2, run());
        reservations.settlePart(envelope.id(), 2, 2, run());

        Settlement nothingLeft = reservations.settlePart(envelope.id(), 5, 5, run());
        long rowsBefore = rows(user);
        long released = reservations.releaseRest(envelope.id(), "batch done");

        assertThat(nothingLeft.charged()).isEqualTo(5);
        assertThat(released).isZero();
        assertThat(rows(user)).as("no zero release row").isEqualTo(rowsBefore);
        assertThat(reservations.releaseRest(envelope.id(), "again")).as("already closed").isEqualTo(-1);
        assertThat(status(envelope.id())).isEqualTo("settled");
        assertThat(settled(envelope.id())).isEqualTo(9);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, 1));
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void anEnvelopeReleasedUnusedClosesAsReleasedAndAPartialSettlementAfterItIsALateCharge() {
        UUID user = userWith(0, 10);
        Reservation envelope = reservations.reserve(user, 6, "batch", LedgerRefs.reason("test"));
        reservations.release(envelope.id(), "cancelled");
        assertThat(status(envelope.id())).isEqualTo("released");
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, 10));

        Settlement late = reservations.settlePart(envelope.id(), 3, 2, run());

        assertThat(late.charged()).as("a run that finished after the release still pays").isEqualTo(3);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, 7));
        assertThat(settled(envelope.id())).isEqualTo(3);
        LedgerInvariants.assertHold(jdbc, user);
    }

    @Test
    void aFullSettlementAfterPartialOnesRecordsTheWholeCharge() {
        UUID user = userWith(0, 10);
        Reservation envelope = reservations.reserve(user, 6, "batch", LedgerRefs.reason("test"));
        reservations.settlePart(envelope.id(), 2, 2, run());

        Settlement rest = reservations.settle(envelope.id(), 3, run());

        assertThat(rest.charged()).isEqualTo(3);
        assertThat(status(envelope.id())).isEqualTo("settled");
        assertThat(settled(envelope.id())).isEqualTo(5);
        assertThat(LedgerInvariants.buckets(jdbc, user)).isEqualTo(new Buckets(0, 0, 5));
        LedgerInvariants.assertHold(jdbc, user);
    }

    private long held(UUID id) {
        return jdbc.sql("SELECT amount FROM credit_reservations WHERE id = :id")
            .param("id", id)
            .query(Long.class)
            .single();
    }

    private long settled(UUID id) {
        return jdbc.sql("SELECT settled_amount FROM credit_reservations WHERE id = :id")
            .param("id", id)
            .query(Long.class)
            .single();
    }

    private String status(UUID id) {
        return jdbc.sql("SELECT status FROM credit_reservations WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    }

    private long spends(UUID id) {
        return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE reservation_id = :id AND type = 'spend'")
            .param("id", id)
            .query(Long.class)
            .single();
    }

    private long rows(UUID user) {
        return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :u")
            .param("u", user)
            .query(Long.class)
            .single();
    }

}
