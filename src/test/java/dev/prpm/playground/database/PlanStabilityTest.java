package dev.prpm.playground.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.SqlProvider;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Issue #18 item 5: the hot list queries, exactly as the application sends them (recorded
 * from its JdbcClient), planned as PostgreSQL plans them once it switches a prepared
 * statement to a generic plan ({@code plan_cache_mode = force_generic_plan}, EXPLAIN
 * GENERIC_PLAN): each cursor or filter present is an index condition, not a filter over
 * every row of the user. Sequential scans are disabled so that the tiny test tables do
 * not hide what the indexes can do.
 */
@IntegrationTest
@DirtiesContext
@Import(PlanStabilityTest.Recording.class)
class PlanStabilityTest {

    @Autowired
    Api api;

    @Autowired
    DataSource dataSource;

    @Autowired
    RecordingTemplate recorded;

    @Test
    void cursorsAndFiltersAreIndexConditionsUnderAGenericPlan() throws Exception {
        String token = api.signupToken();
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        String sessionCursor = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("1764000000000000_" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII));
        recorded.statements.clear();
        assertThat(api.get("/api/v1/playground/sessions?cursor=" + sessionCursor, token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/playground/sessions?packageId=" + pkg + "&cursor=" + sessionCursor, token).status())
            .isEqualTo(200);
        assertThat(api.get("/api/v1/credits/history?cursor=zz", token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/credits/history?cursor=zz&type=spend", token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/credits/history?cursor=zz&type=spend&type=purchase", token).status())
            .isEqualTo(200);
        assertThat(api.get("/api/v1/playground/jobs?cursor=zz", token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/packages?tag=sql").status()).isEqualTo(200);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(plan(statementWith("FROM sessions s", "WHERE s.user_id = ? AND (s.updated_at")))
            .as("session list, next page")
            .containsPattern("Index Cond: .*user_id = \\$\\d+.*ROW\\(updated_at, id\\) < ROW\\(")
            .doesNotContain("Sort");
        soft.assertThat(plan(statementWith("FROM sessions s", "s.package_id = ?")))
            .as("session list of a package")
            .containsPattern("Index Cond: .*package_id = \\$\\d+.*ROW\\(updated_at, id\\) < ROW\\(")
            .doesNotContain("Sort");
        soft.assertThat(
                plan(statement("FROM credit_transactions\nWHERE user_id = ANY (?) AND id < ? ORDER BY", "type =")))
            .as("credit history, next page")
            .containsPattern("Index Cond: .*user_id = ANY \\(\\$1\\).*id < \\$2")
            .doesNotContain("Sort");
        soft.assertThat(plan(statementWith("FROM credit_transactions\nWHERE user_id = ANY (?) AND type = ? AND id < ?",
                "ORDER BY user_id, id DESC LIMIT ?)")))
            .as("credit history of one type")
            .containsPattern("Index Cond: .*user_id = ANY \\(\\$1\\).*type = \\$2.*id < \\$3")
            .doesNotContain("Sort");
        soft.assertThat(plan(statementWith("FROM credit_transactions", "UNION ALL")))
            .as("credit history of two types: one index range per type, at most a page each")
            .containsPattern("(?s)Limit.*Index Scan using credit_transactions_user_type_idx.*Limit.*"
                    + "Index Scan using credit_transactions_user_type_idx")
            .doesNotContain("Incremental Sort");
        soft.assertThat(plan(statementWith("FROM playground_jobs WHERE user_id", "seq <")))
            .as("job list, next page")
            .containsPattern("Index Cond: .*user_id = \\$1.*seq < \\$2")
            .doesNotContain("Sort");
        soft.assertThat(plan(statementWith("FROM packages", "ORDER BY name")))
            .as("packages with a tag")
            .contains("packages_tags_idx");
        soft.assertAll();
    }

    /**
     * Issue #15's 10M-row benchmark: the first history page of a user owning most of the
     * ledger took 1.5 s, because PostgreSQL, knowing from its statistics that the user is
     * that common, walked the primary key backwards and filtered. Here the user owns most
     * of the (test) ledger for the length of one rolled-back transaction, statistics
     * included, and the page, planned for that user's id as the application sends it,
     * still reads the user's own index.
     */
    @Test
    void aUserWhoOwnsMostOfTheLedgerStillReadsTheHistoryThroughTheUsersIndex() throws Exception {
        var signup = api.signup("heavy-" + UUID.randomUUID() + "@example.com").json();
        UUID userId = UUID.fromString(signup.path("user").path("id").asString());
        recorded.statements.clear();
        assertThat(api.get("/api/v1/credits/history", signup.path("token").asString()).status()).isEqualTo(200);
        String firstPage = statement("FROM credit_transactions\nWHERE user_id", " id < ");
        assertThat(planForAUserWithMostOfTheLedger(userId, firstPage, new UUID[] { userId }, 20))
            .as("first history page of a user with 50,000 of the rows")
            .contains("credit_transactions_user_idx")
            .doesNotContain("credit_transactions_pkey")
            .doesNotContain("Sort");
    }

    /**
     * Issue #15: a type filter for that user, of a type that is a tenth of the user's
     * rows, read every row of the type and sorted them for one page ({@code type = ANY}:
     * 634 ms at 10M rows); with the type a constant the type index gives the order.
     */
    @Test
    void aTypeFilterForAUserWhoOwnsMostOfTheLedgerReadsOnePageOfThatType() throws Exception {
        var signup = api.signup("heavy-" + UUID.randomUUID() + "@example.com").json();
        UUID userId = UUID.fromString(signup.path("user").path("id").asString());
        recorded.statements.clear();
        assertThat(api.get("/api/v1/credits/history?type=refund", signup.path("token").asString()).status())
            .isEqualTo(200);
        String firstPage = statement("FROM credit_transactions\nWHERE user_id", " id < ");
        assertThat(planForAUserWithMostOfTheLedger(userId, firstPage, new UUID[] { userId }, "refund", 20))
            .as("first refund page of a user with 50,000 of the rows, 5,000 of them refunds")
            .contains("credit_transactions_user_type_idx")
            .doesNotContain("Sort");
    }

    /**
     * Issue #15: deleting a session sets {@code forked_from} to NULL in its forks (the
     * foreign key's ON DELETE SET NULL); that action's statement, as PostgreSQL's
     * referential-integrity trigger sends it, reads an index instead of the whole table
     * (394 ms per deleted session at 1,000,000 sessions without it).
     */
    @Test
    void deletingASessionFindsItsForksThroughAnIndex() throws Exception {
        assertThat(plan("UPDATE ONLY sessions SET forked_from = NULL WHERE ? OPERATOR(pg_catalog.=) forked_from"))
            .contains("sessions_forked_from_idx");
    }

    /**
     * The custom plan of the statement once the user owns 50,000 rows (every tenth a
     * refund), statistics included, in a transaction rolled back afterwards.
     */
    private String planForAUserWithMostOfTheLedger(UUID userId, String sql, Object... params) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("""
                    INSERT INTO credit_transactions (user_id, type, amount, balance_after, reason)
                    SELECT '%s', CASE WHEN g %% 10 = 0 THEN 'refund' ELSE 'adjustment' END, 0, 0, 'plan test'
                    FROM generate_series(1, 50000) g""".formatted(userId));
            statement.execute("ANALYZE credit_transactions");
            statement.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            List<String> lines = new ArrayList<>();
            try (var explain = connection.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 0; i < params.length; i++) {
                    explain.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
            finally {
                connection.rollback();
            }
            return String.join("\n", lines);
        }
    }

    private String statement(String from, String without) {
        return recorded.statements.stream()
            .filter(sql -> sql.contains(from) && !sql.contains(without) && !sql.contains("count("))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no statement " + from + " in " + recorded.statements));
    }

    private String statementWith(String from, String with) {
        return recorded.statements.stream()
            .filter(sql -> sql.contains(from) && sql.contains(with))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no statement " + from + " with " + with));
    }

    /** The generic plan of a JDBC statement ({@code ?} placeholders become $1, $2, …). */
    private String plan(String jdbcSql) throws Exception {
        StringBuilder numbered = new StringBuilder();
        Matcher placeholder = Pattern.compile("\\?").matcher(jdbcSql);
        int n = 0;
        while (placeholder.find()) {
            placeholder.appendReplacement(numbered, Matcher.quoteReplacement("$" + ++n));
        }
        placeholder.appendTail(numbered);
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        Properties simple = new Properties();
        simple.setProperty("user", pool.getUsername());
        simple.setProperty("password", pool.getPassword());
        simple.setProperty("preferQueryMode", "simple"); // the $n stay the server's to
                                                         // plan, not the driver's
        try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), simple);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            statement.execute("SET LOCAL enable_seqscan = off");
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("EXPLAIN (GENERIC_PLAN) " + numbered)) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            connection.rollback();
            return String.join("\n", lines);
        }
    }

    /** Records the SQL of every prepared statement the application's JdbcClient sends. */
    static final class RecordingTemplate extends JdbcTemplate {

        final Queue<String> statements = new ConcurrentLinkedQueue<>();

        RecordingTemplate(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public <T> T query(PreparedStatementCreator creator, PreparedStatementSetter setter,
                ResultSetExtractor<T> extractor) throws DataAccessException {
            if (creator instanceof SqlProvider provider && provider.getSql() != null) {
                statements.add(provider.getSql());
            }
            return super.query(creator, setter, extractor);
        }

    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {

        @Bean
        RecordingTemplate recordingTemplate(DataSource dataSource) {
            return new RecordingTemplate(dataSource);
        }

        @Bean
        @Primary
        JdbcClient recordingJdbcClient(RecordingTemplate template) {
            return JdbcClient.create(new NamedParameterJdbcTemplate(template));
        }

    }

}
