package dev.prpm.playground.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code idempotency_keys}: one per (user, key), in progress or with the stored first response. */
@Repository
class IdempotencyKeyRepository {

    private final JdbcClient jdbc;

    IdempotencyKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the key; false when a (non-expired) row already holds it. Expired rows are replaced. */
    boolean claim(UUID userId, String key, String endpoint, String requestHash, Instant now, Instant expiresAt) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE user_id = :user AND key = :key AND expires_at <= :now")
                .param("user", userId).param("key", key).param("now", Timestamp.from(now)).update();
        return jdbc.sql("""
                INSERT INTO idempotency_keys (user_id, key, endpoint, request_hash, status, expires_at)
                VALUES (:user, :key, :endpoint, :hash, 'in_progress', :expires)
                ON CONFLICT (user_id, key) DO NOTHING""")
                .param("user", userId).param("key", key).param("endpoint", endpoint).param("hash", requestHash)
                .param("expires", Timestamp.from(expiresAt)).update() == 1;
    }

    Optional<Stored> find(UUID userId, String key) {
        return jdbc.sql("""
                SELECT endpoint, request_hash, status, response_status, response_body::text AS body
                FROM idempotency_keys WHERE user_id = :user AND key = :key""")
                .param("user", userId).param("key", key)
                .query((rs, n) -> new Stored(rs.getString("endpoint"), rs.getString("request_hash"),
                        "completed".equals(rs.getString("status")), rs.getInt("response_status"), rs.getString("body")))
                .optional();
    }

    void complete(UUID userId, String key, int status, String body) {
        jdbc.sql("""
                UPDATE idempotency_keys SET status = 'completed', response_status = :status,
                       response_body = CAST(:body AS jsonb) WHERE user_id = :user AND key = :key""")
                .param("status", status).param("body", body).param("user", userId).param("key", key).update();
    }

    /** Forgets an attempt that failed, so the client may retry with the same key. */
    void release(UUID userId, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE user_id = :user AND key = :key AND status = 'in_progress'")
                .param("user", userId).param("key", key).update();
    }

    record Stored(String endpoint, String requestHash, boolean completed, int responseStatus, String body) {
    }
}
