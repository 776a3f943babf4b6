package dev.prpm.playground.credits;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The caps users set for themselves, and what they spent in a period. */
@Repository
class SpendingCapRepository {

    private final JdbcClient jdbc;

    SpendingCapRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<SpendingCaps.Caps> find(UUID userId) {
        return jdbc.sql("SELECT daily, monthly FROM spending_caps WHERE user_id = :user")
            .param("user", userId)
            .query((rs, n) -> new SpendingCaps.Caps((Long) rs.getObject("daily"), (Long) rs.getObject("monthly")))
            .optional();
    }

    void save(UUID userId, SpendingCaps.Caps caps) {
        jdbc.sql("""
                INSERT INTO spending_caps (user_id, daily, monthly) VALUES (:user, :daily, :monthly)
                ON CONFLICT (user_id) DO UPDATE SET daily = :daily, monthly = :monthly, updated_at = now()""")
            .param("user", userId)
            .param("daily", caps.daily())
            .param("monthly", caps.monthly())
            .update();
    }

    /**
     * Credits charged by settlements closed on or after the UTC day {@code since} (the
     * daily rollup of V125, at most 31 rows), plus every open hold (with what an open
     * envelope already charged).
     */
    long committedSince(UUID userId, LocalDate since) {
        return jdbc.sql("""
                SELECT (SELECT coalesce(sum(credits), 0) FROM credit_spend_daily
                        WHERE user_id = :user AND day >= :since)
                     + (SELECT coalesce(sum(amount + coalesce(settled_amount, 0)), 0) FROM credit_reservations
                        WHERE user_id = :user AND status = 'active')""")
            .param("user", userId)
            .param("since", since)
            .query(Long.class)
            .single();
    }

}
