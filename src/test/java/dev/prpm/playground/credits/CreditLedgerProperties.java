package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random sequences of grants, reservations, settlements, releases, claw-backs and
 * adjustments against the real ledger, checked after every step against the invariants
 * and a simple model.
 */
class CreditLedgerProperties {

    private static StandaloneLedger db;

    @BeforeContainer
    static void start() {
        db = new StandaloneLedger(false, 4);
    }

    @AfterContainer
    static void stop() {
        db.close();
    }

    sealed interface Op permits Grant, Reserve, Settle, Release, ClawBack, Adjust {

    }

    record Grant(Bucket bucket, long amount) implements Op {
    }

    record Reserve(long amount) implements Op {
    }

    record Settle(int pick, long actual) implements Op {
    }

    record Release(int pick) implements Op {
    }

    record ClawBack(long amount) implements Op {
    }

    record Adjust(long amount) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> grant = Arbitraries.of(Bucket.values())
            .flatMap(b -> Arbitraries.longs().between(1, 50).map(a -> (Op) new Grant(b, a)));
        Arbitrary<Op> reserve = Arbitraries.longs().between(1, 40).map(Reserve::new);
        Arbitrary<Op> settle = Arbitraries.integers()
            .between(0, 20)
            .flatMap(p -> Arbitraries.longs().between(0, 50).map(a -> (Op) new Settle(p, a)));
        Arbitrary<Op> release = Arbitraries.integers().between(0, 20).map(Release::new);
        Arbitrary<Op> clawBack = Arbitraries.longs().between(1, 30).map(ClawBack::new);
        Arbitrary<Op> adjust = Arbitraries.longs().between(-30, 30).filter(a -> a != 0).map(Adjust::new);
        return Arbitraries
            .frequencyOf(net.jqwik.api.Tuple.of(3, grant), net.jqwik.api.Tuple.of(4, reserve),
                    net.jqwik.api.Tuple.of(3, settle), net.jqwik.api.Tuple.of(2, release),
                    net.jqwik.api.Tuple.of(1, clawBack), net.jqwik.api.Tuple.of(1, adjust))
            .list()
            .ofMinSize(1)
            .ofMaxSize(30);
    }

    @Property(tries = 60)
    void everySequenceKeepsTheLedgerExact(@ForAll("operations") List<Op> ops) {
        UUID user = db.newUser();
        List<UUID> open = new ArrayList<>();
        long expectedSpendable = 0;
        long expectedReserved = 0;
        java.util.Map<UUID, Long> holdAmounts = new java.util.HashMap<>();
        for (Op op : ops) {
            switch (op) {
                case Grant g -> {
                    db.inTx(() -> db.ledger.grant(user, g.bucket(), g.amount(), TransactionType.ADJUSTMENT,
                            LedgerRefs.reason("grant")));
                    expectedSpendable += g.amount();
                }
                case Reserve r -> {
                    if (r.amount() > expectedSpendable) {
                        long before = expectedSpendable;
                        try {
                            db.inTx(() -> db.reservations.reserve(user, r.amount(), "run", LedgerRefs.reason("r")));
                            throw new AssertionError("reserve beyond the balance succeeded");
                        }
                        catch (InsufficientCreditsException e) {
                            assertThat(e.available()).isEqualTo(before);
                        }
                    }
                    else {
                        Reservation hold = db
                            .inTx(() -> db.reservations.reserve(user, r.amount(), "run", LedgerRefs.reason("r")));
                        open.add(hold.id());
                        holdAmounts.put(hold.id(), r.amount());
                        expectedSpendable -= r.amount();
                        expectedReserved += r.amount();
                    }
                }
                case Settle s when !open.isEmpty() -> {
                    UUID id = open.remove(s.pick() % open.size());
                    long held = holdAmounts.get(id);
                    Settlement done = db.inTx(() -> db.reservations.settle(id, s.actual(), LedgerRefs.reason("s")));
                    // The actual cost is charged in full, beyond the hold from the
                    // balance and
                    // then as a bounded overdraft; only usage beyond the limit is written
                    // off.
                    assertThat(done.charged()).isEqualTo(s.actual() - done.writtenOff());
                    assertThat(done.overdraft()).isBetween(0L, LedgerInvariants.OVERDRAFT_LIMIT);
                    if (done.writtenOff() > 0) {
                        assertThat(LedgerInvariants.buckets(db.jdbc, user).purchased())
                            .isEqualTo(-LedgerInvariants.OVERDRAFT_LIMIT);
                    }
                    expectedSpendable += held - done.charged();
                    expectedReserved -= held;
                }
                case Release rel when !open.isEmpty() -> {
                    UUID id = open.remove(rel.pick() % open.size());
                    db.inTx(() -> db.reservations.release(id, "failed"));
                    expectedSpendable += holdAmounts.get(id);
                    expectedReserved -= holdAmounts.get(id);
                }
                case ClawBack c -> {
                    CreditLedger.Clawback result = db
                        .inTx(() -> db.ledger.clawBack(user, c.amount(), LedgerRefs.reason("refund")));
                    assertThat(result.taken() + result.shortfall()).isEqualTo(c.amount());
                    expectedSpendable -= result.taken();
                }
                case Adjust a -> {
                    // A correction in the user's favour always lands (in overdraft too);
                    // a negative one cannot take more than the balance.
                    if (a.amount() < 0 && -a.amount() > expectedSpendable) {
                        try {
                            db.inTx(() -> db.ledger.adjust(user, a.amount(), "correction"));
                            throw new AssertionError("adjustment beyond the balance succeeded");
                        }
                        catch (InsufficientCreditsException e) {
                            assertThat(e.required()).isEqualTo(-a.amount());
                        }
                    }
                    else {
                        db.inTx(() -> db.ledger.adjust(user, a.amount(), "correction"));
                        expectedSpendable += a.amount();
                    }
                }
                default -> {
                    // settle/release with nothing open: no-op
                }
            }
            LedgerInvariants.assertHold(db.jdbc, user);
            assertThat(LedgerInvariants.buckets(db.jdbc, user).total()).isEqualTo(expectedSpendable);
            assertThat(db.jdbc.sql("SELECT reserved FROM credit_accounts WHERE user_id = :u")
                .param("u", user)
                .query(Long.class)
                .single()).isEqualTo(expectedReserved);
        }
    }

}
