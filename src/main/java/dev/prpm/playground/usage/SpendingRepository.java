package dev.prpm.playground.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Credits a user spent per day and model, from the usage rows. */
@Repository
class SpendingRepository {

    private final JdbcClient jdbc;

    SpendingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Spending.Day> perDayAndModel(UUID userId, Instant since) {
        return jdbc.sql("""
                SELECT (created_at AT TIME ZONE 'UTC')::date AS day, model, sum(credits) AS credits
                FROM usage WHERE user_id = :user AND created_at >= :since AND credits > 0
                GROUP BY 1, 2 ORDER BY 1, 2""")
            .param("user", userId)
            .param("since", since.atOffset(ZoneOffset.UTC))
            .query((rs, n) -> new Spending.Day(rs.getObject("day", LocalDate.class), rs.getString("model"),
                    rs.getLong("credits")))
            .list();
    }

}
