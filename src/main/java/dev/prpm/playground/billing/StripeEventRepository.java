package dev.prpm.playground.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Processed Stripe events: the primary key on the event id makes each event count once.
 */
@Repository
class StripeEventRepository {

    private final JdbcClient jdbc;

    StripeEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the event; false if its id was recorded before (a concurrent duplicate
     * waits here for the first delivery's transaction and then gets false).
     */
    boolean insert(String id, String type, Instant createdAt, String payload) {
        return jdbc.sql("""
                INSERT INTO stripe_events (id, type, status, payload, created_at)
                VALUES (:id, :type, 'processed', CAST(:payload AS jsonb), :created)
                ON CONFLICT (id) DO NOTHING""")
            .param("id", id)
            .param("type", type)
            .param("payload", payload)
            .param("created", Timestamp.from(createdAt))
            .update() == 1;
    }

    void finish(String id, String status, String note) {
        jdbc.sql("UPDATE stripe_events SET status = :status, note = :note WHERE id = :id")
            .param("status", status)
            .param("note", note)
            .param("id", id)
            .update();
    }

    Optional<String> status(String id) {
        return jdbc.sql("SELECT status FROM stripe_events WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .optional();
    }

}
