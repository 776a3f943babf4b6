package dev.prpm.playground.sessions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Issue #15's table sizes for {@link SessionListBenchmark}: 1,000,000 sessions (the
 * user's 100,000 and 100 for each of 9,000 more users) and 10,000,000 ledger rows
 * (1,000,000 of the user's, 1,000 for each other user), by INSERT … SELECT over
 * generate_series with triggers (foreign-key checks) off for the load.
 */
final class LargeTables {

    static final int OTHER_USERS = 9_000;

    private LargeTables() {
    }

    static void seed(DataSource dataSource, UUID user) {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("SET LOCAL session_replication_role = replica");
            sql.execute("""
                    CREATE TEMP TABLE bulk_users ON COMMIT DROP AS
                    SELECT gen_random_uuid() AS id, g FROM generate_series(1, %d) g""".formatted(OTHER_USERS));
            sql.execute("""
                    INSERT INTO users (id, email, password_hash)
                    SELECT id, 'bulk-' || id || '@example.com', 'x' FROM bulk_users""");
            sql.execute("""
                    INSERT INTO sessions (id, user_id, package_id, package_version_id, title, messages, message_count,
                                          credits_spent, created_at, updated_at)
                    SELECT gen_random_uuid(), u.id, p.id, p.version_id, 'Session ' || g, '[]'::jsonb, 2, 1,
                           now() - g * interval '1 minute', now() - g * interval '1 minute'
                    FROM bulk_users u, generate_series(1, 100) g,
                         (SELECT p.id, v.id AS version_id FROM packages p
                          JOIN package_versions v ON v.package_id = p.id ORDER BY p.name LIMIT 1) p""");
            String ledger = """
                    INSERT INTO credit_transactions (user_id, type, amount, delta_purchased, balance_after, reason,
                                                     created_at)
                    SELECT %s, CASE WHEN g %% 10 = 0 THEN 'purchase' ELSE 'spend' END,
                           CASE WHEN g %% 10 = 0 THEN 9 ELSE -1 END, CASE WHEN g %% 10 = 0 THEN 9 ELSE -1 END,
                           0, 'benchmark', now() - g * interval '1 second'
                    FROM %s""";
            sql.execute(ledger.formatted("'" + user + "'::uuid", "generate_series(1, 1000000) g"));
            sql.execute(ledger.formatted("u.id", "bulk_users u, generate_series(1, 1000) g"));
            connection.commit();
            connection.setAutoCommit(true);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Could not seed the large tables", e);
        }
        System.out.printf("seeded 900,000 sessions and 10,000,000 ledger rows in %.0f s%n",
                (System.nanoTime() - started) / 1e9);
    }

}
