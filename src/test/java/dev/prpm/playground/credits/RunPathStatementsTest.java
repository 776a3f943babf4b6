package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: a hold is two statements (lock the account with the caps; write reservation,
 * account and ledger row), a settlement two (lock account then reservation; write
 * account, release and spend rows and the closed reservation), a release two; the ledger
 * stays exact.
 */
class RunPathStatementsTest {

    private static StandaloneLedger db;

    @BeforeAll
    static void start() {
        db = new StandaloneLedger(false, 4);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void holdSettleAndReleaseAreTwoStatementsEachAndKeepTheLedgerExact() {
        UUID user = db.newUser();
        db.inTx(() -> db.ledger.grant(user, Bucket.PURCHASED, 10, TransactionType.PURCHASE, LedgerRefs.reason("test")));
        db.inTx(() -> db.ledger.grant(user, Bucket.MONTHLY, 2, TransactionType.MONTHLY_GRANT, LedgerRefs.reason("t")));
        UUID run = UUID.randomUUID();

        db.statements.set(0);
        Reservation hold = db.inTx(() -> db.reservations.reserve(user, 5, "run", LedgerRefs.forRun("r", run, null)));
        assertThat(db.statements).hasValue(2);

        db.statements.set(0);
        Settlement settled = db
            .inTx(() -> db.reservations.settle(hold.id(), 3, LedgerRefs.forRun("Playground run", run, null)));
        assertThat(db.statements).hasValue(2);
        assertThat(settled.charged()).isEqualTo(3);
        assertThat(settled.balanceAfter()).isEqualTo(9);
        assertThat(settled.paid()).isEqualTo(new Settlement.Paid(2, 0, 1));

        db.statements.set(0);
        Settlement again = db.inTx(() -> db.reservations.settle(hold.id(), 3, LedgerRefs.reason("again")));
        assertThat(db.statements).hasValue(1);
        assertThat(again.charged()).isEqualTo(3);

        Reservation second = db.inTx(() -> db.reservations.reserve(user, 4, "run", LedgerRefs.reason("second")));
        db.statements.set(0);
        assertThat(db.inTx(() -> db.reservations.release(second.id(), "failed"))).isTrue();
        assertThat(db.statements).hasValue(2);

        assertThat(db.jdbc.sql("""
                SELECT type || ':' || amount || ':' || balance_after FROM credit_transactions
                WHERE user_id = :user ORDER BY id""").param("user", user).query(String.class).list()).containsExactly(
                "purchase:10:10", "monthly_grant:2:12", "reservation_hold:-5:7", "reservation_release:5:12",
                "spend:-3:9", "reservation_hold:-4:5", "reservation_release:4:9");
        LedgerInvariants.assertHold(db.jdbc, user);
    }

}
