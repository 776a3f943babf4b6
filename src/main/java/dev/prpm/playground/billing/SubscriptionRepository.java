package dev.prpm.playground.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One PRPM+ subscription row per user, kept in step with Stripe's subscription events.
 */
@Repository
class SubscriptionRepository {

    private static final String SELECT = """
            SELECT id, user_id, stripe_subscription_id, stripe_customer_id, status, price_kind, cancel_at_period_end,
                   current_period_start, current_period_end, last_event_at FROM subscriptions""";

    private final JdbcClient jdbc;

    SubscriptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Sub> findByUser(UUID userId) {
        return jdbc.sql(SELECT + " WHERE user_id = :user")
            .param("user", userId)
            .query(SubscriptionRepository::map)
            .optional();
    }

    Optional<Sub> lockByUser(UUID userId) {
        return jdbc.sql(SELECT + " WHERE user_id = :user FOR UPDATE")
            .param("user", userId)
            .query(SubscriptionRepository::map)
            .optional();
    }

    Optional<Sub> lockByStripeId(String subscriptionId) {
        return jdbc.sql(SELECT + " WHERE stripe_subscription_id = :sub FOR UPDATE")
            .param("sub", subscriptionId)
            .query(SubscriptionRepository::map)
            .optional();
    }

    /**
     * Creates the user's row for this subscription unless the user has one already (then,
     * or after a concurrent creator commits, nothing happens); callers lock the row next.
     */
    void insertIfAbsent(UUID userId, String subscriptionId, PriceKind kind, Instant eventAt) {
        jdbc.sql("""
                INSERT INTO subscriptions (id, user_id, stripe_subscription_id, status, price_kind, last_event_at)
                VALUES (:id, :user, :sub, 'incomplete', :kind, :at) ON CONFLICT (user_id) DO NOTHING""")
            .param("id", UUID.randomUUID())
            .param("user", userId)
            .param("sub", subscriptionId)
            .param("kind", kind.value())
            .param("at", ts(eventAt))
            .update();
    }

    /**
     * Points the user's (locked) row, whose subscription is over or not yet paid, at
     * another Stripe subscription. Returns the row.
     */
    Sub replace(Sub row, String subscriptionId, PriceKind kind, Instant eventAt) {
        jdbc.sql("""
                UPDATE subscriptions SET stripe_subscription_id = :sub, status = 'incomplete', price_kind = :kind,
                       cancel_at_period_end = FALSE, current_period_start = NULL, current_period_end = NULL,
                       last_event_at = :at WHERE id = :id""")
            .param("sub", subscriptionId)
            .param("kind", kind.value())
            .param("at", ts(eventAt))
            .param("id", row.id())
            .update();
        return lockByUser(row.userId()).orElseThrow();
    }

    /**
     * Live rows whose paid period has ended (dev mode simulates Stripe's renewal or end
     * for them).
     */
    List<Sub> periodEndedBefore(Instant now) {
        return jdbc.sql(SELECT + " WHERE status IN ('active', 'past_due') AND current_period_end <= :now")
            .param("now", ts(now))
            .query(SubscriptionRepository::map)
            .list();
    }

    void linkCustomer(UUID id, String customerId) {
        jdbc.sql("UPDATE subscriptions SET stripe_customer_id = COALESCE(:customer, stripe_customer_id) WHERE id = :id")
            .param("customer", customerId)
            .param("id", id)
            .update();
    }

    /** After a paid invoice: active, the paid period, and the latest event time seen. */
    void paidPeriod(UUID id, Instant start, Instant end, Instant eventAt) {
        jdbc.sql("""
                UPDATE subscriptions SET status = 'active', current_period_start = :start,
                       current_period_end = GREATEST(current_period_end, :end),
                       last_event_at = GREATEST(last_event_at, :at) WHERE id = :id""")
            .param("start", ts(start))
            .param("end", ts(end))
            .param("at", ts(eventAt))
            .param("id", id)
            .update();
    }

    void update(UUID id, String status, boolean cancelAtPeriodEnd, Instant periodEnd, Instant eventAt) {
        jdbc.sql("""
                UPDATE subscriptions SET status = :status, cancel_at_period_end = :cancel,
                       current_period_end = COALESCE(:end, current_period_end),
                       last_event_at = GREATEST(last_event_at, :at) WHERE id = :id""")
            .param("status", status)
            .param("cancel", cancelAtPeriodEnd)
            .param("end", ts(periodEnd))
            .param("at", ts(eventAt))
            .param("id", id)
            .update();
    }

    void markCancelAtPeriodEnd(UUID id) {
        jdbc.sql("UPDATE subscriptions SET cancel_at_period_end = TRUE WHERE id = :id").param("id", id).update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Sub map(ResultSet rs, int n) throws SQLException {
        return new Sub(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("stripe_subscription_id"), rs.getString("stripe_customer_id"), rs.getString("status"),
                PriceKind.of(rs.getString("price_kind"), PriceKind.INDIVIDUAL), rs.getBoolean("cancel_at_period_end"),
                instant(rs, "current_period_start"), instant(rs, "current_period_end"), instant(rs, "last_event_at"));
    }

    record Sub(UUID id, UUID userId, String stripeId, String customerId, String status, PriceKind kind,
            boolean cancelAtPeriodEnd, Instant periodStart, Instant periodEnd, Instant lastEventAt) {
        boolean canceled() {
            return "canceled".equals(status);
        }

        boolean live() {
            return "active".equals(status) || "past_due".equals(status);
        }

        /** Live, or started and being paid: a second subscribe must not start another. */
        boolean blocksNewSubscription() {
            return live() || ("incomplete".equals(status) && stripeId != null);
        }

        /**
         * An event created before the last one applied to this row is stale; so is one of
         * the same second that would move the status backwards (Stripe's timestamps have
         * one-second resolution, so same-second events may arrive in any order).
         */
        boolean isStale(Instant eventAt, String newStatus) {
            if (lastEventAt == null) {
                return false;
            }
            return eventAt.isBefore(lastEventAt) || (eventAt.equals(lastEventAt) && rank(newStatus) < rank(status));
        }

        /**
         * Progression of a subscription's status: incomplete, active, past due, unpaid,
         * canceled.
         */
        private static int rank(String status) {
            return switch (status) {
                case "incomplete" -> 0;
                case "active" -> 1;
                case "past_due" -> 2;
                case "unpaid" -> 3;
                default -> 4;
            };
        }
    }

}
