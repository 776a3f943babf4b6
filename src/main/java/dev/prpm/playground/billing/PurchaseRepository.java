package dev.prpm.playground.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Credit pack purchases and their lifecycle (pending → completed → refunded / disputed).
 */
@Repository
class PurchaseRepository {

    private static final String SELECT = """
            SELECT id, user_id, pack_id, credits, amount_cents, status, stripe_checkout_session_id,
                   stripe_payment_intent_id, credits_clawed_back, clawback_shortfall FROM purchases""";

    private final JdbcClient jdbc;

    PurchaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertPending(UUID id, UUID userId, BillingProperties.Pack pack) {
        jdbc.sql("""
                INSERT INTO purchases (id, user_id, pack_id, credits, amount_cents, currency)
                VALUES (:id, :user, :pack, :credits, :amount, :currency)""")
            .param("id", id)
            .param("user", userId)
            .param("pack", pack.id())
            .param("credits", pack.credits())
            .param("amount", pack.amountCents())
            .param("currency", pack.currency())
            .update();
    }

    void attachSession(UUID id, String sessionId) {
        jdbc.sql("""
                UPDATE purchases SET stripe_checkout_session_id = :session
                WHERE id = :id AND stripe_checkout_session_id IS NULL""")
            .param("session", sessionId)
            .param("id", id)
            .update();
    }

    /**
     * Marks a still-pending purchase expired (its checkout was abandoned); false if it
     * was not pending.
     */
    boolean expire(UUID id) {
        return jdbc.sql("UPDATE purchases SET status = 'expired' WHERE id = :id AND status = 'pending'")
            .param("id", id)
            .update() == 1;
    }

    /** Drops a purchase whose checkout could not be created. */
    void deletePending(UUID id) {
        jdbc.sql("DELETE FROM purchases WHERE id = :id AND status = 'pending'").param("id", id).update();
    }

    Optional<Purchase> lockById(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = :id FOR UPDATE")
            .param("id", id)
            .query(PurchaseRepository::map)
            .optional();
    }

    Optional<Purchase> lockBySession(String sessionId) {
        return jdbc.sql(SELECT + " WHERE stripe_checkout_session_id = :session FOR UPDATE")
            .param("session", sessionId)
            .query(PurchaseRepository::map)
            .optional();
    }

    Optional<Purchase> lockByPaymentIntent(String paymentIntentId) {
        return jdbc.sql(SELECT + " WHERE stripe_payment_intent_id = :pi FOR UPDATE")
            .param("pi", paymentIntentId)
            .query(PurchaseRepository::map)
            .optional();
    }

    Optional<Purchase> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(PurchaseRepository::map).optional();
    }

    void complete(UUID id, String sessionId, String paymentIntentId) {
        jdbc.sql("""
                UPDATE purchases SET status = 'completed',
                       stripe_checkout_session_id = COALESCE(stripe_checkout_session_id, :session),
                       stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, :pi)
                WHERE id = :id""").param("session", sessionId).param("pi", paymentIntentId).param("id", id).update();
    }

    void recordClawback(UUID id, String status, long taken, long shortfall) {
        jdbc.sql("""
                UPDATE purchases SET status = :status, credits_clawed_back = :taken, clawback_shortfall = :shortfall
                WHERE id = :id""")
            .param("status", status)
            .param("taken", taken)
            .param("shortfall", shortfall)
            .param("id", id)
            .update();
    }

    private static Purchase map(ResultSet rs, int n) throws SQLException {
        return new Purchase(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("pack_id"), rs.getLong("credits"), rs.getLong("amount_cents"), rs.getString("status"),
                rs.getString("stripe_checkout_session_id"), rs.getString("stripe_payment_intent_id"),
                rs.getLong("credits_clawed_back"), rs.getLong("clawback_shortfall"));
    }

    record Purchase(UUID id, UUID userId, String packId, long credits, long amountCents, String status,
            String sessionId, String paymentIntentId, long clawedBack, long shortfall) {
        boolean pending() {
            return "pending".equals(status);
        }

        /**
         * Credits already taken back or recorded as shortfall by earlier
         * refunds/disputes.
         */
        long reversed() {
            return clawedBack + shortfall;
        }
    }

}
