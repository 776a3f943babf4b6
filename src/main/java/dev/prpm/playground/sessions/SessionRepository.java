package dev.prpm.playground.sessions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

@Repository
class SessionRepository {

    private static final TypeReference<List<SessionMessage>> MESSAGES = new TypeReference<>() {
    };

    private static final String DETAIL = """
            SELECT s.id, s.package_id, p.name, v.version, s.package_version_id, s.title, s.messages, s.message_count,
                   s.credits_spent, sh.token, s.created_at, s.updated_at, s.forked_from
            FROM sessions s JOIN packages p ON p.id = s.package_id
            JOIN package_versions v ON v.id = s.package_version_id
            LEFT JOIN session_shares sh ON sh.session_id = s.id""";

    private final JdbcClient jdbc;

    private final ObjectMapper json;

    SessionRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(UUID id, UUID userId, UUID packageId, UUID versionId, String title, List<SessionMessage> messages,
            long credits, UUID forkedFrom) {
        jdbc.sql("""
                INSERT INTO sessions (id, user_id, package_id, package_version_id, title, messages, message_count,
                    credits_spent, forked_from)
                VALUES (:id, :user, :package, :version, :title, CAST(:messages AS jsonb), :count, :credits, :forked)""")
            .param("forked", forkedFrom)
            .param("id", id)
            .param("user", userId)
            .param("package", packageId)
            .param("version", versionId)
            .param("title", title)
            .param("messages", json.writeValueAsString(messages))
            .param("count", messages.size())
            .param("credits", credits)
            .update();
    }

    /**
     * Appends atomically if the session then holds at most {@code maxMessages}: the check
     * and the append are one conditional UPDATE, so concurrent runs on one session land
     * in commit order and each re-checks the count its predecessors left (the row lock
     * makes a waiting UPDATE re-read the row). False if not the owner's or the session is
     * full.
     */
    boolean append(UUID id, UUID userId, List<SessionMessage> messages, long credits, int maxMessages) {
        return jdbc.sql("""
                UPDATE sessions SET messages = messages || CAST(:messages AS jsonb),
                       message_count = message_count + :count, credits_spent = credits_spent + :credits
                WHERE id = :id AND user_id = :user AND message_count + :count <= :max""")
            .param("messages", json.writeValueAsString(messages))
            .param("count", messages.size())
            .param("credits", credits)
            .param("id", id)
            .param("user", userId)
            .param("max", maxMessages)
            .update() == 1;
    }

    boolean exists(UUID id, UUID userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM sessions WHERE id = :id AND user_id = :user)")
            .param("id", id)
            .param("user", userId)
            .query(Boolean.class)
            .single();
    }

    Optional<SessionViews.Detail> find(UUID id, UUID userId) {
        return jdbc.sql(DETAIL + " WHERE s.id = :id AND s.user_id = :user")
            .param("id", id)
            .param("user", userId)
            .query(this::detail)
            .optional();
    }

    Optional<SessionViews.History> history(UUID id, UUID userId) {
        return jdbc
            .sql("SELECT id, package_id, package_version_id, messages FROM sessions WHERE id = :id AND user_id = :user")
            .param("id", id)
            .param("user", userId)
            .query((rs, n) -> new SessionViews.History(rs.getObject("id", UUID.class),
                    rs.getObject("package_id", UUID.class), rs.getObject("package_version_id", UUID.class),
                    messages(rs)))
            .optional();
    }

    /** The shared session's package version and first input, for a rerun by a viewer. */
    Optional<SessionViews.ForkSource> forkSource(String token) {
        return jdbc.sql("""
                SELECT s.id, s.package_id, s.package_version_id, s.messages FROM sessions s
                JOIN session_shares sh ON sh.session_id = s.id WHERE sh.token = :token""")
            .param("token", token)
            .query((rs, n) -> new SessionViews.ForkSource(rs.getObject("id", UUID.class),
                    rs.getObject("package_id", UUID.class), rs.getObject("package_version_id", UUID.class),
                    messages(rs).stream()
                        .filter(m -> "user".equals(m.role()))
                        .map(SessionMessage::content)
                        .findFirst()
                        .orElse("")))
            .optional();
    }

    Optional<SessionViews.Detail> findShared(String token) {
        return jdbc.sql(DETAIL + " WHERE sh.token = :token").param("token", token).query(this::detail).optional();
    }

    /**
     * A page of the user's sessions, newest first: after {@code cursor} (keyset, any
     * depth at the cost of the first page) or from {@code offset}, with the user's
     * sessions counted up to {@code countCap} in the same statement (an uncorrelated
     * subquery: one index-only read of at most {@code countCap} entries, no second round
     * trip). The SQL has only the conditions present, so a generic plan uses the index
     * for each of them.
     */
    Listed list(UUID userId, UUID packageId, SessionCursor cursor, int offset, int limit, int countCap) {
        String packageFilter = packageId == null ? "" : " AND package_id = :package";
        StringBuilder sql = new StringBuilder("""
                SELECT s.id, s.package_id, p.name, v.version, s.title, s.message_count, s.credits_spent,
                       sh.token IS NOT NULL AS shared, s.created_at, s.updated_at,
                       (SELECT count(*) FROM (SELECT 1 FROM sessions WHERE user_id = :user%s LIMIT :cap) AS c)
                           AS capped_total
                FROM sessions s JOIN packages p ON p.id = s.package_id
                JOIN package_versions v ON v.id = s.package_version_id
                LEFT JOIN session_shares sh ON sh.session_id = s.id
                WHERE s.user_id = :user""".formatted(packageFilter));
        Map<String, Object> params = new HashMap<>();
        params.put("user", userId);
        params.put("cap", countCap);
        if (packageId != null) {
            sql.append(" AND s.package_id = :package");
            params.put("package", packageId);
        }
        if (cursor != null) {
            sql.append(" AND (s.updated_at, s.id) < (:at, :id)");
            params.put("at", cursor.updatedAt().atOffset(ZoneOffset.UTC));
            params.put("id", cursor.id());
        }
        sql.append(" ORDER BY s.updated_at DESC, s.id DESC LIMIT :limit");
        params.put("limit", limit);
        if (offset > 0) {
            sql.append(" OFFSET :offset");
            params.put("offset", offset);
        }
        long[] total = { -1 };
        List<SessionViews.Summary> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            total[0] = rs.getLong("capped_total");
            return new SessionViews.Summary(rs.getObject("id", UUID.class), rs.getObject("package_id", UUID.class),
                    rs.getString("name"), rs.getString("version"), rs.getString("title"), rs.getInt("message_count"),
                    rs.getLong("credits_spent"), rs.getBoolean("shared"), instant(rs, "created_at"),
                    instant(rs, "updated_at"));
        }).list();
        // past the last page there is no row to carry the count
        return new Listed(rows, total[0] >= 0 ? total[0] : countUpTo(userId, packageId, countCap));
    }

    /** A page and the user's sessions counted up to the cap asked for. */
    record Listed(List<SessionViews.Summary> rows, long cappedTotal) {
    }

    /**
     * The user's sessions counted up to {@code cap} (an index-only read of at most cap
     * rows).
     */
    long countUpTo(UUID userId, UUID packageId, int cap) {
        String filter = packageId == null ? "" : " AND package_id = :package";
        Map<String, Object> params = new HashMap<>();
        params.put("user", userId);
        params.put("cap", cap);
        if (packageId != null) {
            params.put("package", packageId);
        }
        return jdbc
            .sql("SELECT count(*) FROM (SELECT 1 FROM sessions WHERE user_id = :user" + filter
                    + " LIMIT :cap) AS capped")
            .params(params)
            .query(Long.class)
            .single();
    }

    boolean rename(UUID id, UUID userId, String title) {
        return jdbc.sql("UPDATE sessions SET title = :title WHERE id = :id AND user_id = :user")
            .param("title", title)
            .param("id", id)
            .param("user", userId)
            .update() == 1;
    }

    boolean delete(UUID id, UUID userId) {
        return jdbc.sql("DELETE FROM sessions WHERE id = :id AND user_id = :user")
            .param("id", id)
            .param("user", userId)
            .update() == 1;
    }

    boolean owns(UUID id, UUID userId) {
        return jdbc.sql("SELECT count(*) FROM sessions WHERE id = :id AND user_id = :user")
            .param("id", id)
            .param("user", userId)
            .query(Long.class)
            .single() == 1;
    }

    /** Runs in the session: each run appended one user and one assistant message. */
    int countRuns(UUID id) {
        return jdbc.sql("SELECT message_count / 2 FROM sessions WHERE id = :id")
            .param("id", id)
            .query(Integer.class)
            .optional()
            .orElse(0);
    }

    void insertFeedback(UUID sessionId, UUID userId, boolean effective, String comment) {
        jdbc.sql("""
                INSERT INTO session_feedback (session_id, user_id, is_effective, comment)
                VALUES (:session, :user, :effective, :comment)""")
            .param("session", sessionId)
            .param("user", userId)
            .param("effective", effective)
            .param("comment", comment)
            .update();
    }

    /** The session's share token, creating it with {@code candidate} if there is none. */
    String share(UUID id, String candidate) {
        jdbc.sql(
                "INSERT INTO session_shares (session_id, token) VALUES (:id, :token) ON CONFLICT (session_id) DO NOTHING")
            .param("id", id)
            .param("token", candidate)
            .update();
        return jdbc.sql("SELECT token FROM session_shares WHERE session_id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    }

    /** Counts one view of a shared session; the new count, empty for an unknown token. */
    Optional<Long> countView(String token) {
        return jdbc.sql("UPDATE session_shares SET views = views + 1 WHERE token = :token RETURNING views")
            .param("token", token)
            .query(Long.class)
            .optional();
    }

    void unshare(UUID id) {
        jdbc.sql("DELETE FROM session_shares WHERE session_id = :id").param("id", id).update();
    }

    private SessionViews.Detail detail(ResultSet rs, int n) throws SQLException {
        return new SessionViews.Detail(rs.getObject("id", UUID.class), rs.getObject("package_id", UUID.class),
                rs.getString("name"), rs.getString("version"), rs.getString("title"), messages(rs),
                rs.getLong("credits_spent"), rs.getString("token"), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getObject("forked_from", UUID.class));
    }

    private List<SessionMessage> messages(ResultSet rs) throws SQLException {
        return json.readValue(rs.getString("messages"), MESSAGES);
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

}
