package dev.prpm.playground.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Credit pack purchases and their lifecycle: pending → completed (→ refunded / disputed →
 * completed again when a dispute is won), or pending → expired / failed.
 */
@Repository
class PurchaseRepository {

    private static final String SELECT = """
            SELECT id, user_id, pack_id, credits, amount_cents, currency, status, stripe_checkout_session_id,
                   stripe_payment_intent_id, credits_clawed_back, clawback_shortfall, credits_restored, dispute_taken,
                   dispute_shortfall, dispute_outcome, created_at, updated_at FROM purchases""";

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

    /**
     * Marks a still-pending purchase failed (its delayed payment did not go through);
     * false if it was not pending.
     */
    boolean fail(UUID id) {
        return jdbc.sql("UPDATE purchases SET status = 'failed' WHERE id = :id AND status = 'pending'")
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

    /**
     * Adds what a refund or dispute took back (and could not take: the shortfall); a
     * dispute also remembers its own share so that winning it gives exactly that back.
     */
    void recordClawback(UUID id, String status, long taken, long shortfall, boolean dispute) {
        jdbc.sql("""
                UPDATE purchases SET status = :status, credits_clawed_back = credits_clawed_back + :taken,
                       clawback_shortfall = clawback_shortfall + :shortfall,
                       dispute_taken = dispute_taken + CASE WHEN :dispute THEN :taken ELSE 0 END,
                       dispute_shortfall = dispute_shortfall + CASE WHEN :dispute THEN :shortfall ELSE 0 END
                WHERE id = :id""")
            .param("status", status)
            .param("taken", taken)
            .param("shortfall", shortfall)
            .param("dispute", dispute)
            .param("id", id)
            .update();
    }

    /**
     * A dispute closed as won: its claw-back is undone (counted as restored) and the
     * purchase goes back to {@code status}.
     */
    void recordDisputeWon(UUID id, String status) {
        jdbc.sql("""
                UPDATE purchases SET status = :status, credits_restored = credits_restored + dispute_taken,
                       credits_clawed_back = credits_clawed_back - dispute_taken,
                       clawback_shortfall = clawback_shortfall - dispute_shortfall,
                       dispute_taken = 0, dispute_shortfall = 0, dispute_outcome = 'won'
                WHERE id = :id""").param("status", status).param("id", id).update();
    }

    void recordDisputeOutcome(UUID id, String outcome) {
        jdbc.sql("UPDATE purchases SET dispute_outcome = :outcome WHERE id = :id")
            .param("outcome", outcome)
            .param("id", id)
            .update();
    }

    /** The user's purchases, newest first. */
    List<Purchase> listOwned(UUID userId, int offset, int limit) {
        return jdbc.sql(SELECT + " WHERE user_id = :user ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
            .param("user", userId)
            .param("limit", limit)
            .param("offset", offset)
            .query(PurchaseRepository::map)
            .list();
    }

    long countOwned(UUID userId) {
        return jdbc.sql("SELECT count(*) FROM purchases WHERE user_id = :user")
            .param("user", userId)
            .query(Long.class)
            .single();
    }

    Optional<Purchase> findOwned(UUID userId, UUID id) {
        return jdbc.sql(SELECT + " WHERE id = :id AND user_id = :user")
            .param("id", id)
            .param("user", userId)
            .query(PurchaseRepository::map)
            .optional();
    }

    private static Purchase map(ResultSet rs, int n) throws SQLException {
        return new Purchase(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("pack_id"), rs.getLong("credits"), rs.getLong("amount_cents"), rs.getString("currency"),
                rs.getString("status"), rs.getString("stripe_checkout_session_id"),
                rs.getString("stripe_payment_intent_id"), rs.getLong("credits_clawed_back"),
                rs.getLong("clawback_shortfall"), rs.getLong("credits_restored"), rs.getLong("dispute_taken"),
                rs.getLong("dispute_shortfall"), rs.getString("dispute_outcome"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * A purchase; clawed back and shortfall are what reversals currently hold (a won
     * dispute's share moves to restored).
     */
    record Purchase(UUID id, UUID userId, String packId, long credits, long amountCents, String currency, String status,
            String sessionId, String paymentIntentId, long clawedBack, long shortfall, long restored, long disputeTaken,
            long disputeShortfall, String disputeOutcome, Instant createdAt, Instant updatedAt) {
        boolean pending() {
            return "pending".equals(status);
        }

        boolean disputeWon() {
            return "won".equals(disputeOutcome);
        }

        /**
         * What the purchase is once a won dispute is undone: refunded if a refund
         * remains.
         */
        String statusAfterDisputeWon() {
            return clawedBack - disputeTaken + shortfall - disputeShortfall > 0 ? "refunded" : "completed";
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
