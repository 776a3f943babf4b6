package dev.prpm.playground.credits;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ReservationRepository {

    private final JdbcClient jdbc;

    ReservationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID userId, long amount, Buckets held, String purpose, Instant expiresAt,
            Instant cycleEndsAt) {
        jdbc.sql("""
                INSERT INTO credit_reservations (id, user_id, amount, held_monthly, held_rollover, held_purchased,
                    purpose, expires_at, cycle_ends_at)
                VALUES (:id, :user, :amount, :m, :r, :p, :purpose, :expires, :cycle)""")
            .param("id", id)
            .param("user", userId)
            .param("amount", amount)
            .param("m", held.monthly())
            .param("r", held.rollover())
            .param("p", held.purchased())
            .param("purpose", purpose)
            .param("expires", CreditAccountRepository.ts(expiresAt))
            .param("cycle", CreditAccountRepository.ts(cycleEndsAt))
            .update();
    }

    Optional<UUID> ownerOf(UUID id) {
        return jdbc.sql("SELECT user_id FROM credit_reservations WHERE id = :id")
            .param("id", id)
            .query(UUID.class)
            .optional();
    }

    /**
     * Locks the reservation; callers lock the owner's account first (one lock order, no
     * deadlocks).
     */
    Optional<Row> lock(UUID id) {
        return jdbc.sql("""
                SELECT id, user_id, amount, held_monthly, held_rollover, held_purchased, status, settled_amount,
                       expires_at, cycle_ends_at FROM credit_reservations WHERE id = :id FOR UPDATE""")
            .param("id", id)
            .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                    rs.getLong("amount"),
                    new Buckets(rs.getLong("held_monthly"), rs.getLong("held_rollover"), rs.getLong("held_purchased")),
                    rs.getString("status"), rs.getLong("settled_amount"),
                    CreditAccountRepository.instant(rs, "expires_at"),
                    CreditAccountRepository.instant(rs, "cycle_ends_at")))
            .optional();
    }

    void close(UUID id, String status, long settledAmount, Instant at) {
        jdbc.sql("""
                UPDATE credit_reservations SET status = :status, settled_amount = :settled, closed_at = :at
                WHERE id = :id""")
            .param("status", status)
            .param("settled", settledAmount)
            .param("at", CreditAccountRepository.ts(at))
            .param("id", id)
            .update();
    }

    /**
     * Takes a partial settlement out of a hold: {@code spent} leaves the held buckets,
     * {@code charged} is added to what the hold settled so far.
     */
    void shrink(UUID id, Buckets spent, long charged) {
        jdbc.sql("""
                UPDATE credit_reservations SET amount = amount - :total, held_monthly = held_monthly - :m,
                    held_rollover = held_rollover - :r, held_purchased = held_purchased - :p,
                    settled_amount = coalesce(settled_amount, 0) + :charged
                WHERE id = :id""")
            .param("total", spent.total())
            .param("m", spent.monthly())
            .param("r", spent.rollover())
            .param("p", spent.purchased())
            .param("charged", charged)
            .param("id", id)
            .update();
    }

    List<UUID> expiredActive(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM credit_reservations WHERE status = 'active' AND expires_at <= :now
                ORDER BY expires_at LIMIT :limit""")
            .param("now", CreditAccountRepository.ts(now))
            .param("limit", limit)
            .query(UUID.class)
            .list();
    }

    /**
     * A hold; {@code cycleEndsAt} is the account's next anniversary when it was taken.
     */
    record Row(UUID id, UUID userId, long amount, Buckets held, String status, long settledAmount, Instant expiresAt,
            Instant cycleEndsAt) {

        boolean active() {
            return "active".equals(status);
        }

        /**
         * True if the monthly reset the hold was taken before has run since: its monthly
         * and rollover credits belong to a month that is over.
         */
        boolean heldAcrossReset(CreditAccountRepository.Account account) {
            return cycleEndsAt != null && (account.nextResetAt() == null || account.nextResetAt().isAfter(cycleEndsAt));
        }
    }

}
