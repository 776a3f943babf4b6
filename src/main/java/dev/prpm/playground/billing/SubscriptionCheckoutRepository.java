package dev.prpm.playground.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * PRPM+ checkouts started and not finished. A partial unique index allows one open (or
 * being created) checkout per user, so two subscribes cannot both reach Stripe.
 */
@Repository
class SubscriptionCheckoutRepository {

    private final JdbcClient jdbc;

    SubscriptionCheckoutRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the user's one open checkout slot (after lapsing checkouts past their
     * expiry); empty if another checkout holds it.
     */
    Optional<UUID> claim(UUID userId, String requestKey, PriceKind kind, Instant now, Instant claimExpiresAt) {
        jdbc.sql("""
                UPDATE subscription_checkouts SET status = 'expired'
                WHERE user_id = :user AND status IN ('creating', 'open') AND expires_at <= :now""")
            .param("user", userId)
            .param("now", Timestamp.from(now))
            .update();
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                INSERT INTO subscription_checkouts (id, user_id, request_key, price_kind, created_at, expires_at)
                VALUES (:id, :user, :key, :kind, :now, :expires) ON CONFLICT DO NOTHING""")
            .param("id", id)
            .param("user", userId)
            .param("key", requestKey)
            .param("kind", kind.value())
            .param("now", Timestamp.from(now))
            .param("expires", Timestamp.from(claimExpiresAt))
            .update();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    /** The checkout holding the user's slot, if any. */
    Optional<Pending> findPending(UUID userId) {
        return jdbc.sql("""
                SELECT id, request_key, checkout_url, price_kind FROM subscription_checkouts
                WHERE user_id = :user AND status IN ('creating', 'open')""")
            .param("user", userId)
            .query((rs, n) -> new Pending(rs.getObject("id", UUID.class), rs.getString("request_key"),
                    rs.getString("checkout_url"), PriceKind.of(rs.getString("price_kind"), PriceKind.INDIVIDUAL)))
            .optional();
    }

    /**
     * The Stripe session exists: the checkout is open until {@code expiresAt} (unless its
     * completion was already seen).
     */
    void open(UUID id, String sessionId, String url, Instant expiresAt) {
        jdbc.sql("""
                UPDATE subscription_checkouts SET status = 'open', stripe_checkout_session_id = :session,
                       checkout_url = :url, expires_at = :expires WHERE id = :id AND status = 'creating'""")
            .param("session", sessionId)
            .param("url", url)
            .param("expires", Timestamp.from(expiresAt))
            .param("id", id)
            .update();
    }

    /** Frees the slot of a checkout Stripe did not create. */
    void delete(UUID id) {
        jdbc.sql("DELETE FROM subscription_checkouts WHERE id = :id AND status = 'creating'").param("id", id).update();
    }

    /** The user paid (or abandoned) the checkout: the slot is free again. */
    void finish(UUID userId, String sessionId, String status) {
        jdbc.sql("""
                UPDATE subscription_checkouts SET status = :status,
                       stripe_checkout_session_id = COALESCE(stripe_checkout_session_id, :session)
                WHERE status IN ('creating', 'open')
                  AND (stripe_checkout_session_id = :session OR (user_id = :user AND status = 'creating'))""")
            .param("status", status)
            .param("session", sessionId)
            .param("user", userId)
            .update();
    }

    record Pending(UUID id, String requestKey, String checkoutUrl, PriceKind kind) {
    }

}
