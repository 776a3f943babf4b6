package dev.prpm.playground.sessions;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #18 item 4: the session list of a user with 100,000 sessions, page 1 and deep
 * pages, through the API (keyset cursor) and the page's statement alone, next to the
 * former OFFSET + count(*) query run in the same sitting; prints the page statement's
 * plans. With {@code -Dsessions.large=true} (issue #15) the tables hold 1,000,000
 * sessions (9,000 more users with 100 each) and 10,000,000 ledger rows (1,000,000 of the
 * user's, 1,000 for each other user), and credit history pages are measured too. Not in
 * the default run:
 * {@code ./mvnw test -Djacoco.skip=true -Dtest=SessionListBenchmark [-Dsessions.large=true]}.
 */
@IntegrationTest
@DirtiesContext
class SessionListBenchmark {

    static final int SESSIONS = 100_000;

    static final int SAMPLES = 200;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SessionRepository repository;

    @Autowired
    javax.sql.DataSource dataSource;

    static final boolean LARGE = Boolean.getBoolean("sessions.large");

    @Test
    void pagesOfAHundredThousandSessions() {
        var signup = api.signup("sessions-" + UUID.randomUUID() + "@example.com").json();
        String token = signup.path("token").asString();
        UUID user = UUID.fromString(signup.path("user").path("id").asString());
        jdbc.sql("""
                INSERT INTO sessions (id, user_id, package_id, package_version_id, title, messages, message_count,
                                      credits_spent, created_at, updated_at)
                SELECT gen_random_uuid(), :user, p.id, p.latest_version_id, 'Session ' || g, '[]'::jsonb, 2, 1,
                       now() - g * interval '1 minute', now() - g * interval '1 minute'
                FROM generate_series(1, :n) g,
                     (SELECT p.id, v.id AS latest_version_id FROM packages p
                      JOIN package_versions v ON v.package_id = p.id ORDER BY p.name LIMIT 1) p""")
            .param("user", user)
            .param("n", SESSIONS)
            .update();
        var small = api.signup("small-" + UUID.randomUUID() + "@example.com").json();
        String smallToken = small.path("token").asString();
        if (LARGE) {
            LargeTables.seed(dataSource, user, UUID.fromString(small.path("user").path("id").asString()));
        }
        jdbc.sql("ANALYZE sessions").update();
        jdbc.sql("ANALYZE credit_transactions").update();
        jdbc.sql("VACUUM (ANALYZE) sessions").update();
        System.out.printf("sessions in the table: %,d; ledger rows: %,d; load average at start: %s%n",
                jdbc.sql("SELECT count(*) FROM sessions").query(Long.class).single(),
                jdbc.sql("SELECT count(*) FROM credit_transactions").query(Long.class).single(), load());
        String deepCursor = cursorAt(token, 99_900);
        String middleCursor = cursorAt(token, 50_000);
        explain("page 1", user, null);
        explain("page at 50,000", user, SessionCursor.decode(middleCursor));
        report("SQL only: page 1 (page + capped count, one statement)",
                () -> repository.list(user, null, null, 0, 21, 1001).rows().size() == 21 ? 200 : 500);
        SessionCursor middle = SessionCursor.decode(middleCursor);
        report("SQL only: page at 50,000",
                () -> repository.list(user, null, middle, 0, 21, 1001).rows().size() == 21 ? 200 : 500);
        report("API page 1 (cursor API, 20 rows)", () -> api.get("/api/v1/playground/sessions", token).status());
        report("API page at 50,000 (cursor)",
                () -> api.get("/api/v1/playground/sessions?cursor=" + middleCursor, token).status());
        report("API page at 99,900 (cursor)",
                () -> api.get("/api/v1/playground/sessions?cursor=" + deepCursor, token).status());
        report("before: SQL OFFSET 0 + count(*)", () -> offsetPage(user, 0));
        report("before: SQL OFFSET 50,000 + count(*)", () -> offsetPage(user, 50_000));
        report("before: SQL OFFSET 99,900 + count(*)", () -> offsetPage(user, 99_900));
        if (LARGE) {
            largeReads(user, token, smallToken, middleCursor, deepCursor);
        }
        System.out.printf("load average at end: %s%n", load());
    }

    /**
     * Issue #15 at 10M ledger rows: credit history (the user with 1,000,000 rows and a
     * user with 1,000), the balance overview (its 30-day sum over the user's settled
     * holds) and the session list, through the API; first the plans of every statement
     * these requests send (auto_explain, after the statements went generic).
     */
    private void largeReads(UUID user, String token, String smallToken, String middleCursor, String deepCursor) {
        String history = "/api/v1/credits/history";
        String middle = historyCursor(user, 500_000);
        String deep = historyCursor(user, 999_950);
        Map<String, String> heavy = new LinkedHashMap<>();
        heavy.put("API credit history page 1 (1,000,000 rows of the user)", history);
        heavy.put("API credit history at 500,000 (cursor)", history + "?cursor=" + middle);
        heavy.put("API credit history at 999,950 (cursor)", history + "?cursor=" + deep);
        heavy.put("API credit history page 1, type=spend (90 %)", history + "?type=spend");
        heavy.put("API credit history page 1, type=purchase (10 %)", history + "?type=purchase");
        heavy.put("API credit history at 500,000, type=purchase (cursor)", history + "?type=purchase&cursor=" + middle);
        heavy.put("API credit history page 1, type=refund (none)", history + "?type=refund");
        heavy.put("API credit history page 1, type=purchase&type=refund", history + "?type=purchase&type=refund");
        heavy.put("API balance overview GET /api/v1/credits (100,000 settled holds in 30 days)", "/api/v1/credits");
        heavy.put("API session list page 1", "/api/v1/playground/sessions");
        heavy.put("API session list at 50,000 (cursor)", "/api/v1/playground/sessions?cursor=" + middleCursor);
        heavy.put("API session list at 99,900 (cursor)", "/api/v1/playground/sessions?cursor=" + deepCursor);
        Map<String, String> few = new LinkedHashMap<>();
        few.put("small user (1,000 rows): API credit history page 1", history);
        few.put("small user: API credit history page 1, type=purchase", history + "?type=purchase");
        few.put("small user: API balance overview", "/api/v1/credits");
        try (AutoExplain explain = AutoExplain.on(jdbc, dataSource)) {
            long mark = 0;
            for (int round = 0; round < 12; round++) {
                mark = round == 11 ? explain.mark() : mark;
                heavy.values().forEach(path -> assertThat(api.get(path, token).status()).isEqualTo(200));
                few.values().forEach(path -> assertThat(api.get(path, smallToken).status()).isEqualTo(200));
            }
            System.out.println("plans of the 12th round (auto_explain):\n" + explain.since(mark));
        }
        heavy.forEach((what, path) -> report(what, () -> api.get(path, token).status()));
        few.forEach((what, path) -> report(what, () -> api.get(path, smallToken).status()));
        report("before: SQL type = ANY ('{purchase}') page 1 (the former statement)",
                () -> jdbc.sql("""
                        SELECT id, type, amount, delta_monthly, delta_rollover, delta_purchased, balance_after, reason,
                               reservation_id, run_id, session_id, created_at
                        FROM credit_transactions
                        WHERE user_id = ANY (:users) AND type = ANY (:types) ORDER BY user_id, id DESC LIMIT 51""")
                    .param("users", new UUID[] { user })
                    .param("types", new String[] { "purchase" })
                    .query((rs, n) -> rs.getLong(1))
                    .list()
                    .size() == 51 ? 200 : 500);
    }

    private String historyCursor(UUID user, int offset) {
        return Long.toString(jdbc.sql("""
                SELECT id FROM credit_transactions WHERE user_id = :u ORDER BY user_id, id DESC OFFSET :o LIMIT 1""")
            .param("u", user)
            .param("o", offset)
            .query(Long.class)
            .single(), 36);
    }

    /** The page statement's plan, as the app sends it (EXPLAIN ANALYZE, BUFFERS). */
    private void explain(String what, UUID user, SessionCursor cursor) {
        String sql = """
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                SELECT s.id, s.package_id, p.name, v.version, s.title, s.message_count, s.credits_spent,
                       sh.token IS NOT NULL AS shared, s.created_at, s.updated_at,
                       (SELECT count(*) FROM (SELECT 1 FROM sessions WHERE user_id = :user
                                              ORDER BY updated_at DESC, id DESC LIMIT 1001) AS c)
                           AS capped_total
                FROM sessions s JOIN packages p ON p.id = s.package_id
                JOIN package_versions v ON v.id = s.package_version_id
                LEFT JOIN session_shares sh ON sh.session_id = s.id
                WHERE s.user_id = :user""" + (cursor == null ? "" : " AND (s.updated_at, s.id) < (:at, :id)")
                + " ORDER BY s.updated_at DESC, s.id DESC LIMIT 21";
        var statement = jdbc.sql(sql).param("user", user);
        if (cursor != null) {
            statement = statement.param("at", cursor.updatedAt().atOffset(java.time.ZoneOffset.UTC))
                .param("id", cursor.id());
        }
        System.out.println("plan, " + what + ":\n  " + String.join("\n  ", statement.query(String.class).list()));
    }

    private String cursorAt(String token, int depth) {
        String cursor = null;
        int seen = 0;
        while (seen < depth) {
            var page = api
                .get("/api/v1/playground/sessions?size=100" + (cursor == null ? "" : "&cursor=" + cursor), token)
                .json();
            seen += page.path("items").size();
            cursor = page.path("nextCursor").asString();
        }
        return cursor;
    }

    private int offsetPage(UUID user, int offset) {
        jdbc.sql("""
                SELECT s.id, s.title FROM sessions s JOIN packages p ON p.id = s.package_id
                JOIN package_versions v ON v.id = s.package_version_id
                LEFT JOIN session_shares sh ON sh.session_id = s.id
                WHERE s.user_id = :user ORDER BY s.updated_at DESC, s.id DESC LIMIT 20 OFFSET :offset""")
            .param("user", user)
            .param("offset", offset)
            .query((rs, n) -> rs.getString(1))
            .list();
        jdbc.sql("SELECT count(*) FROM sessions WHERE user_id = :user").param("user", user).query(Long.class).single();
        return 200;
    }

    private static void report(String what, Supplier<Integer> call) {
        for (int i = 0; i < 20; i++) {
            call.get();
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            long started = System.nanoTime();
            assertThat(call.get()).isEqualTo(200);
            micros.add((System.nanoTime() - started) / 1_000);
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("| %s | p50 %.2f ms | p95 %.2f ms | p99 %.2f ms |%n", what, sorted[SAMPLES / 2] / 1000.0,
                sorted[SAMPLES * 95 / 100] / 1000.0, sorted[SAMPLES * 99 / 100] / 1000.0);
        assertThat(Arrays.stream(sorted).max().orElseThrow()).isPositive();
    }

    static String load() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        }
        catch (java.io.IOException e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

}
