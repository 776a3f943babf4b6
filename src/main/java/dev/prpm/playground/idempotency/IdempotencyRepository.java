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

    /**
     * Claims the key for this request until {@code leaseUntil}; false when someone holds
     * it (completed, or in progress within its lease). An {@code in_progress} claim whose
     * lease ran out (its instance crashed) is taken over by the same request.
     */
    boolean claim(UUID userId, String key, String endpoint, String requestHash, UUID claimId, Instant now,
            Instant leaseUntil, Instant expiresAt) {
        return jdbc.sql("""
                INSERT INTO idempotency_keys (user_id, key, endpoint, request_hash, status, claim_id, lease_until,
                                              expires_at)
                VALUES (:user, :key, :endpoint, :hash, 'in_progress', :claim, :lease, :expires)
                ON CONFLICT (user_id, key) DO UPDATE
                   SET claim_id = EXCLUDED.claim_id, lease_until = EXCLUDED.lease_until,
                       expires_at = EXCLUDED.expires_at
                 WHERE idempotency_keys.status = 'in_progress' AND idempotency_keys.lease_until < :now
                   AND idempotency_keys.request_hash = EXCLUDED.request_hash""")
            .param("user", userId)
            .param("key", key)
            .param("endpoint", endpoint)
            .param("hash", requestHash)
            .param("claim", claimId)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .param("lease", leaseUntil.atOffset(ZoneOffset.UTC))
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

    /** Stores the response of this claim (joins the caller's transaction, if any). */
    void complete(UUID userId, String key, UUID claimId, int status, String body) {
        jdbc.sql("""
                UPDATE idempotency_keys SET status = 'completed', response_status = :status,
                       response_body = CAST(:body AS jsonb)
                WHERE user_id = :user AND key = :key AND claim_id = :claim""")
            .param("status", status)
            .param("body", body)
            .param("user", userId)
            .param("key", key)
            .param("claim", claimId)
            .update();
    }

    /**
     * Releases this claim if it is still in progress: a recorded (completed) response, or
     * a claim taken over by another attempt, is never deleted.
     */
    void forget(UUID userId, String key, UUID claimId) {
        jdbc.sql("""
                DELETE FROM idempotency_keys
                WHERE user_id = :user AND key = :key AND claim_id = :claim AND status = 'in_progress'""")
            .param("user", userId)
            .param("key", key)
            .param("claim", claimId)
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
