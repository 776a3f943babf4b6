package dev.prpm.playground.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Load test of reserve+settle pairs on a durable embedded PostgreSQL (fsync and
 * synchronous_commit on). Not part of the default run (its name matches no include
 * pattern); run it with
 * {@code ./mvnw test -Dtest=ReservationThroughputBenchmark -Djacoco.skip=true}. It prints
 * figures and checks the ledger is still exact afterwards; it asserts no timing.
 */
class ReservationThroughputBenchmark {

    private static final int THREADS = 16;

    private static final int WARMUP_PAIRS = 500;

    private static final int MEASURED_PAIRS = 4_000;

    private static StandaloneLedger db;

    @BeforeAll
    static void start() {
        db = new StandaloneLedger(true, THREADS);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void oneUser() throws Exception {
        List<UUID> users = users(1);
        run(users, WARMUP_PAIRS);
        report("1 user", users, run(users, MEASURED_PAIRS));
    }

    @Test
    void hundredUsers() throws Exception {
        List<UUID> users = users(100);
        run(users, WARMUP_PAIRS);
        report("100 users", users, run(users, MEASURED_PAIRS));
    }

    private static List<UUID> users(int count) {
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID user = db.newUser();
            db.inTx(() -> db.ledger.grant(user, Bucket.PURCHASED, 1_000_000, TransactionType.PURCHASE,
                    LedgerRefs.reason("bench")));
            users.add(user);
        }
        return users;
    }

    private static long[] run(List<UUID> users, int pairs) throws Exception {
        AtomicLong next = new AtomicLong();
        long[] latencies = new long[pairs];
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                pool.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < pairs) {
                        UUID user = users.get(ThreadLocalRandom.current().nextInt(users.size()));
                        long began = System.nanoTime();
                        Reservation hold = db
                            .inTx(() -> db.reservations.reserve(user, 3, "bench", LedgerRefs.reason("bench")));
                        db.inTx(() -> db.reservations.settle(hold.id(), 1, LedgerRefs.reason("bench")));
                        latencies[(int) i] = System.nanoTime() - began;
                    }
                    return null;
                });
            }
        }
        long elapsed = System.nanoTime() - start;
        long[] result = new long[pairs + 1];
        System.arraycopy(latencies, 0, result, 0, pairs);
        result[pairs] = elapsed;
        return result;
    }

    private static void report(String label, List<UUID> users, long[] result) {
        int pairs = result.length - 1;
        double seconds = result[pairs] / 1e9;
        long[] sorted = java.util.Arrays.copyOf(result, pairs);
        java.util.Arrays.sort(sorted);
        System.out.printf(
                "BENCH reservations %s: %d reserve+settle pairs, %d threads, %.1f pairs/s "
                        + "(%.1f reservations/s), pair latency p50 %.1f ms p95 %.1f ms p99 %.1f ms%n",
                label, pairs, THREADS, pairs / seconds, pairs / seconds, sorted[pairs / 2] / 1e6,
                sorted[(int) (pairs * 0.95)] / 1e6, sorted[(int) (pairs * 0.99)] / 1e6);
        users.forEach(user -> LedgerInvariants.assertHold(db.jdbc, user));
        assertThat(pairs).isPositive();
    }

}
