package dev.prpm.playground.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Duplicate subscriptions cancelled at Stripe: why, when, and the refund. */
@Repository
class SubscriptionDuplicateRepository {

    private final JdbcClient jdbc;

    SubscriptionDuplicateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Row> find(String subscriptionId) {
        return jdbc.sql("SELECT refund_id FROM subscription_duplicates WHERE stripe_subscription_id = :id")
            .param("id", subscriptionId)
            .query((rs, n) -> new Row(rs.getString("refund_id")))
            .optional();
    }

    Optional<Row> lock(String subscriptionId) {
        return jdbc.sql("SELECT refund_id FROM subscription_duplicates WHERE stripe_subscription_id = :id FOR UPDATE")
            .param("id", subscriptionId)
            .query((rs, n) -> new Row(rs.getString("refund_id")))
            .optional();
    }

    void insert(String subscriptionId, SubscriptionRepository.Sub kept, String reason, String eventId, Instant at) {
        jdbc.sql("""
                INSERT INTO subscription_duplicates (stripe_subscription_id, user_id, kept_subscription_id, reason,
                    detected_by_event, canceled_at) VALUES (:id, :user, :kept, :reason, :event, :at)""")
            .param("id", subscriptionId)
            .param("user", kept.userId())
            .param("kept", kept.stripeId())
            .param("reason", reason)
            .param("event", eventId)
            .param("at", Timestamp.from(at))
            .update();
    }

    void recordRefund(String subscriptionId, String invoiceId, String refundId, long cents) {
        jdbc.sql("""
                UPDATE subscription_duplicates SET refunded_invoice = :invoice, refund_id = :refund,
                       refund_cents = :cents WHERE stripe_subscription_id = :id""")
            .param("invoice", invoiceId)
            .param("refund", refundId)
            .param("cents", cents)
            .param("id", subscriptionId)
            .update();
    }

    record Row(String refundId) {
    }

}
