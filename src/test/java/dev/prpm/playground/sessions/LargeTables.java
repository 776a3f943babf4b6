package dev.prpm.playground.sessions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Issue #15's table sizes for {@link SessionListBenchmark}: 1,000,000 sessions (the
 * user's 100,000 and 100 for each of 9,000 more users), 10,000,000 ledger rows (the
 * user's 1,000,000 first, the oldest, then 1,000 for each other user and for the small
 * user) and 190,000 settled holds (the user's 100,000 in the last 30 days, 10 for each
 * other user).
 * <p>
 * How it is fast: the secondary indexes of the three tables are dropped first and
 * re-created from their own definitions ({@code pg_get_indexdef}) once the rows are in —
 * a sort per index instead of 10M random inserts into it; the rows go in on three
 * connections at once, each {@code INSERT … SELECT generate_series} with triggers
 * (foreign-key checks) off and {@code synchronous_commit} off for that transaction only;
 * the indexes are built three at a time; then {@code VACUUM (ANALYZE)}. The database
 * measured afterwards is the application's, with all its indexes, logged and analysed.
 */
final class LargeTables {

    static final int OTHER_USERS = 9_000;

    private static final String[] TABLES = { "sessions", "credit_transactions", "credit_reservations" };

    private static final String LEDGER = """
            INSERT INTO credit_transactions (user_id, type, amount, delta_purchased, balance_after, reason,
                                             created_at)
            SELECT u.id, CASE WHEN g %% 10 = 0 THEN 'purchase' ELSE 'spend' END,
                   CASE WHEN g %% 10 = 0 THEN 9 ELSE -1 END, CASE WHEN g %% 10 = 0 THEN 9 ELSE -1 END,
                   0, 'benchmark', now() - g * interval '1 second'
            FROM %s""";

    private static final String BULK_USERS = "(SELECT id FROM users WHERE email LIKE 'bulk-%') u";

    private LargeTables() {
    }

    static void seed(DataSource dataSource, UUID user, UUID smallUser) {
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<String> indexes = dropSecondaryIndexes(dataSource);
            try {
                inParallel(pool, dataSource, List.of("""
                        INSERT INTO users (id, email, password_hash)
                        SELECT id, 'bulk-' || id || '@example.com', 'x'
                        FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, %d)) u""".formatted(OTHER_USERS)));
                inParallel(pool, dataSource,
                        List.of(LEDGER
                            .formatted("(SELECT '%s'::uuid AS id) u, generate_series(1, 1000000) g".formatted(user)),
                                sessions("g <= 50"), sessions("g > 50"), reservations(user, smallUser)));
                inParallel(pool, dataSource,
                        List.of(LEDGER.formatted(BULK_USERS + ", generate_series(1, 1000) g WHERE g <= 500"),
                                LEDGER.formatted(BULK_USERS + ", generate_series(1, 1000) g WHERE g > 500")));
                inParallel(pool, dataSource, List.of(LEDGER
                    .formatted("(SELECT '%s'::uuid AS id) u, generate_series(1, 1000) g".formatted(smallUser))));
            }
            finally {
                inParallel(pool, dataSource, indexes);
            }
            // the seed's inserts skip triggers (replica role): the daily spend rollup
            // (V125)
            // the balance overview reads is filled from the seeded holds here
            inParallel(pool, dataSource, List.of("""
                    INSERT INTO credit_spend_daily (user_id, day, credits)
                    SELECT user_id, (closed_at AT TIME ZONE 'UTC')::date, sum(settled_amount)
                    FROM credit_reservations WHERE status = 'settled' GROUP BY 1, 2
                    ON CONFLICT (user_id, day) DO UPDATE SET credits = EXCLUDED.credits"""));
            double loaded = (System.nanoTime() - started) / 1e9;
            inParallel(pool, dataSource, List.of("VACUUM (ANALYZE) credit_transactions", "VACUUM (ANALYZE) sessions",
                    "VACUUM (ANALYZE) credit_reservations"));
            System.out.printf(
                    "seeded 900,000 sessions, 10,001,000 ledger rows, 190,000 holds: %.0f s with %d indexes re-created, "
                            + "%.0f s with VACUUM (ANALYZE); load average %s%n",
                    loaded, indexes.size(), (System.nanoTime() - started) / 1e9, SessionListBenchmark.load());
        }
    }

    private static String sessions(String half) {
        return """
                INSERT INTO sessions (id, user_id, package_id, package_version_id, title, messages, message_count,
                                      credits_spent, created_at, updated_at)
                SELECT gen_random_uuid(), u.id, p.id, p.version_id, 'Session ' || g, '[]'::jsonb, 2, 1,
                       now() - g * interval '1 minute', now() - g * interval '1 minute'
                FROM %s, generate_series(1, 100) g,
                     (SELECT p.id, v.id AS version_id FROM packages p
                      JOIN package_versions v ON v.package_id = p.id ORDER BY p.name LIMIT 1) p
                WHERE %s""".formatted(BULK_USERS, half);
    }

    private static String reservations(UUID user, UUID smallUser) {
        String settled = """
                INSERT INTO credit_reservations (id, user_id, amount, held_monthly, held_rollover, held_purchased,
                                                 status, settled_amount, expires_at, created_at, closed_at)
                SELECT gen_random_uuid(), u.id, 2, 0, 0, 2, 'settled', 1, t + interval '10 minutes', t, t
                FROM %s, LATERAL (SELECT now() - g * %s AS t) tm""";
        return settled.formatted("(SELECT '%s'::uuid AS id) u, generate_series(1, 100000) g".formatted(user),
                "interval '25 seconds'") + ";\n"
                + settled.formatted(BULK_USERS.replace("'bulk-%'", "'bulk-%' OR id = '" + smallUser + "'")
                        + ", generate_series(1, 10) g", "interval '1 day'");
    }

    /** Drops the tables' indexes other than primary keys and unique ones; their DDL. */
    private static List<String> dropSecondaryIndexes(DataSource dataSource) {
        List<String> definitions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            try (ResultSet rs = sql.executeQuery("""
                    SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
                    WHERE indrelid = ANY ('{%s}'::regclass[]) AND NOT indisprimary AND NOT indisunique
                    ORDER BY indrelid = 'credit_transactions'::regclass DESC, indexrelid"""
                .formatted(String.join(",", TABLES)))) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                    definitions.add(rs.getString(2));
                }
                for (String name : names) {
                    sql.execute("DROP INDEX " + name);
                }
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Could not drop the indexes", e);
        }
        return definitions;
    }

    /**
     * Each statement in its own transaction on its own connection, at most three at once;
     * triggers and synchronous commit off for these transactions only.
     */
    private static void inParallel(ExecutorService pool, DataSource dataSource, List<String> statements) {
        List<Future<?>> running = new ArrayList<>();
        for (String statement : statements) {
            running.add(pool.submit(() -> {
                try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                    if (statement.startsWith("VACUUM")) {
                        sql.execute(statement);
                        return null;
                    }
                    connection.setAutoCommit(false);
                    sql.execute("SET LOCAL session_replication_role = replica");
                    sql.execute("SET LOCAL synchronous_commit = off");
                    sql.execute("SET LOCAL maintenance_work_mem = '512MB'");
                    sql.execute(statement);
                    connection.commit();
                    connection.setAutoCommit(true);
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            catch (ExecutionException e) {
                throw new IllegalStateException("Could not seed the large tables", e.getCause());
            }
        }
    }

}
