package dev.prpm.playground.idempotency;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class IdempotencyRepository {

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the key for this request; false when someone already holds it. */
    boolean claim(UUID userId, String key, String endpoint, String requestHash, Instant expiresAt) {
        return jdbc.sql("""
                INSERT INTO idempotency_keys (user_id, key, endpoint, request_hash, status, expires_at)
                VALUES (:user, :key, :endpoint, :hash, 'in_progress', :expires) ON CONFLICT DO NOTHING""")
            .param("user", userId)
            .param("key", key)
            .param("endpoint", endpoint)
            .param("hash", requestHash)
            .param("expires", expiresAt.atOffset(ZoneOffset.UTC))
            .update() == 1;
    }

    Optional<Stored> find(UUID userId, String key) {
        return jdbc.sql("""
                SELECT endpoint, request_hash, status, response_status, response_body::text AS body
                FROM idempotency_keys WHERE user_id = :user AND key = :key""")
            .param("user", userId)
            .param("key", key)
            .query((rs, n) -> new Stored(rs.getString("endpoint"), rs.getString("request_hash"), rs.getString("status"),
                    rs.getInt("response_status"), rs.getString("body")))
            .optional();
    }

    void complete(UUID userId, String key, int status, String body) {
        jdbc.sql("""
                UPDATE idempotency_keys SET status = 'completed', response_status = :status,
                       response_body = CAST(:body AS jsonb) WHERE user_id = :user AND key = :key""")
            .param("status", status)
            .param("body", body)
            .param("user", userId)
            .param("key", key)
            .update();
    }

    void forget(UUID userId, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE user_id = :user AND key = :key")
            .param("user", userId)
            .param("key", key)
            .update();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM idempotency_keys WHERE expires_at < :now")
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update();
    }

    record Stored(String endpoint, String requestHash, String status, int responseStatus, String body) {
    }

}
