package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.IntegrationTest;
import dev.prpm.playground.support.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class ConcurrentReservationsTest {

    private static final int THREADS = 50;

    private static final int PER_THREAD = 20;

    @Autowired
    Reservations reservations;

    @Autowired
    CreditLedger ledger;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fiftyThreadsOfMixedReserveSettleReleaseNeverOverdrawOrLoseAnUpdate() throws Exception {
        UUID user = TestUsers.create(jdbc);
        ledger.grant(user, Bucket.MONTHLY, 200, TransactionType.MONTHLY_GRANT, LedgerRefs.reason("test"));
        ledger.grant(user, Bucket.ROLLOVER, 100, TransactionType.ROLLOVER, LedgerRefs.reason("test"));
        ledger.grant(user, Bucket.PURCHASED, 300, TransactionType.PURCHASE, LedgerRefs.reason("test"));
        long initial = 600;

        AtomicLong charged = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong held = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        runOne(user, charged, rejected, held);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }

        assertThat(held.get() + rejected.get()).isEqualTo(THREADS * PER_THREAD);
        assertThat(held.get()).as("most reservations succeed").isGreaterThan(THREADS * PER_THREAD / 4);
        assertThat(LedgerInvariants.buckets(jdbc, user).total()).isEqualTo(initial - charged.get());
        LedgerInvariants.assertHold(jdbc, user);
        assertThat(jdbc.sql("SELECT count(*) FROM credit_reservations WHERE user_id = :u AND status = 'active'")
            .param("u", user)
            .query(Long.class)
            .single()).isZero();
        assertThat(jdbc.sql("SELECT coalesce(sum(settled_amount), 0) FROM credit_reservations WHERE user_id = :u")
            .param("u", user)
            .query(Long.class)
            .single()).isEqualTo(charged.get());
    }

    private void runOne(UUID user, AtomicLong charged, AtomicLong rejected, AtomicLong held) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long amount = random.nextLong(1, 6);
        Reservation hold;
        try {
            hold = reservations.reserve(user, amount, "run", LedgerRefs.reason("concurrency"));
        }
        catch (InsufficientCreditsException e) {
            rejected.incrementAndGet();
            return;
        }
        held.incrementAndGet();
        if (random.nextInt(3) == 0) {
            reservations.release(hold.id(), "failed run");
        }
        else {
            charged.addAndGet(
                    reservations.settle(hold.id(), random.nextLong(0, amount + 1), LedgerRefs.reason("concurrency"))
                        .charged());
        }
    }

}
