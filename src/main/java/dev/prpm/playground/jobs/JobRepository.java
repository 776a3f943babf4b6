package dev.prpm.playground.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The job table. Every transition of a running job names the lease token it was claimed
 * with, so a worker whose lease was taken over can no longer change the job.
 */
@Repository
class JobRepository {

    private static final String RUNNING_OF_USER = """
            (SELECT count(*) FROM playground_jobs r
              WHERE r.user_id = j.user_id AND r.status = 'running' AND r.lease_expires_at >= :now)""";

    private final JdbcClient jdbc;

    JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Job job) {
        jdbc.sql(
                """
                        INSERT INTO playground_jobs (id, user_id, tier, status, request, model, run_id, reservation_id, estimate,
                            run_after, created_at, batch_id, batch_cell)
                        VALUES (:id, :user, :tier, 'queued', CAST(:request AS jsonb), :model, :run, :reservation, :estimate,
                            :at, :at, :batch, :cell)""")
            .param("id", job.id())
            .param("user", job.userId())
            .param("tier", job.tier())
            .param("request", job.request())
            .param("model", job.model())
            .param("run", job.runId())
            .param("reservation", job.reservationId())
            .param("estimate", job.estimate())
            .param("at", ts(job.createdAt()))
            .param("batch", job.batchId())
            .param("cell", job.batchCell())
            .update();
    }

    Optional<Job> find(UUID id, UUID userId) {
        return jdbc.sql("SELECT * FROM playground_jobs WHERE id = :id AND user_id = :user")
            .param("id", id)
            .param("user", userId)
            .query(JobRepository::job)
            .optional();
    }

    /**
     * The user's jobs, newest first, before {@code beforeSeq} (null: from the newest);
     * cells of batches are listed with their batch, not here.
     */
    List<Job> list(UUID userId, Long beforeSeq, int limit) {
        return jdbc.sql("""
                SELECT * FROM playground_jobs WHERE user_id = :user AND batch_id IS NULL
                  AND (CAST(:before AS BIGINT) IS NULL OR seq < :before)
                ORDER BY seq DESC LIMIT :limit""")
            .param("user", userId)
            .param("before", beforeSeq)
            .param("limit", limit)
            .query(JobRepository::job)
            .list();
    }

    /**
     * Claims the next due job: a queued one whose backoff has passed, or a running one
     * whose lease expired (its worker died). Users with the fewest running jobs go first,
     * users at the cap are skipped; rows another worker is claiming are skipped, not
     * waited for.
     */
    Optional<Job> claim(String owner, UUID token, Instant now, Instant leaseUntil, int perUserCap) {
        return jdbc.sql("""
                WITH next AS (
                  SELECT j.id FROM playground_jobs j
                  WHERE ((j.status = 'queued' AND j.run_after <= :now)
                         OR (j.status = 'running' AND j.lease_expires_at < :now))
                    AND %1$s < :cap
                  ORDER BY %1$s, j.run_after
                  LIMIT 1
                  FOR UPDATE OF j SKIP LOCKED)
                UPDATE playground_jobs j SET status = 'running', attempts = j.attempts + 1, lease_owner = :owner,
                    lease_token = :token, lease_expires_at = :until, started_at = coalesce(j.started_at, :now)
                FROM next WHERE j.id = next.id
                RETURNING j.*""".formatted(RUNNING_OF_USER))
            .param("now", ts(now))
            .param("cap", perUserCap)
            .param("owner", owner)
            .param("token", token)
            .param("until", ts(leaseUntil))
            .query(JobRepository::job)
            .optional();
    }

    /**
     * Renews the leases still held; returns each renewed job and whether its cancellation
     * was requested. A token missing from the answer lost its lease.
     */
    List<Beat> heartbeat(List<UUID> tokens, Instant until) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                UPDATE playground_jobs SET lease_expires_at = :until
                WHERE status = 'running' AND lease_token IN (:tokens)
                RETURNING lease_token, cancel_requested""")
            .param("until", ts(until))
            .param("tokens", tokens)
            .query((rs, n) -> new Beat(rs.getObject(1, UUID.class), rs.getBoolean(2)))
            .list();
    }

    /** Ends a running job held with {@code token}; false when the lease was lost. */
    boolean finish(UUID id, UUID token, String status, String result, String error, Instant now) {
        return jdbc.sql("""
                UPDATE playground_jobs SET status = :status, result = CAST(:result AS jsonb),
                    error = CAST(:error AS jsonb), finished_at = :now, lease_token = NULL, lease_expires_at = NULL
                WHERE id = :id AND lease_token = :token AND status = 'running'""")
            .param("status", status)
            .param("result", result)
            .param("error", error)
            .param("now", ts(now))
            .param("id", id)
            .param("token", token)
            .update() == 1;
    }

    /**
     * Puts a running job back in the queue until {@code runAfter}; false when the lease
     * was lost.
     */
    boolean requeue(UUID id, UUID token, Instant runAfter, String error) {
        return jdbc.sql("""
                UPDATE playground_jobs SET status = 'queued', run_after = :after, error = CAST(:error AS jsonb),
                    lease_token = NULL, lease_expires_at = NULL, lease_owner = NULL
                WHERE id = :id AND lease_token = :token AND status = 'running'""")
            .param("after", ts(runAfter))
            .param("error", error)
            .param("id", id)
            .param("token", token)
            .update() == 1;
    }

    /** Cancels a job that is still queued; false if it is not (any more). */
    boolean cancelQueued(UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE playground_jobs SET status = 'cancelled', finished_at = :now
                WHERE id = :id AND status = 'queued'""").param("now", ts(now)).param("id", id).update() == 1;
    }

    /**
     * Flags a running job for cancellation; its worker sees the flag at the next
     * heartbeat.
     */
    boolean requestCancel(UUID id) {
        return jdbc.sql("""
                UPDATE playground_jobs SET cancel_requested = true WHERE id = :id AND status = 'running'""")
            .param("id", id)
            .update() == 1;
    }

    static Job job(ResultSet rs, int row) throws SQLException {
        return new Job(rs.getObject("id", UUID.class), rs.getLong("seq"), rs.getObject("user_id", UUID.class),
                rs.getString("tier"), rs.getString("status"), rs.getString("request"), rs.getString("model"),
                rs.getObject("run_id", UUID.class), rs.getObject("reservation_id", UUID.class), rs.getLong("estimate"),
                rs.getInt("attempts"), instant(rs, "run_after"), rs.getObject("lease_token", UUID.class),
                rs.getBoolean("cancel_requested"), rs.getString("result"), rs.getString("error"),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                rs.getObject("batch_id", UUID.class), rs.getObject("batch_cell", Integer.class));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A renewed lease, and whether its job should stop because it was cancelled. */
    record Beat(UUID token, boolean cancelRequested) {
    }

}
