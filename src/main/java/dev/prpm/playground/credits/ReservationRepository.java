package dev.prpm.playground.credits;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ReservationRepository {

    private final JdbcClient jdbc;

    ReservationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    boolean isSettled(UUID reservationId) {
        return jdbc.sql("SELECT status = 'settled' FROM credit_reservations WHERE id = :id")
            .param("id", reservationId)
            .query(Boolean.class)
            .optional()
            .orElse(false);
    }

}
