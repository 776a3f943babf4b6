package dev.prpm.playground.jobs;

import static dev.prpm.playground.jobs.JobRepository.instant;
import static dev.prpm.playground.jobs.JobRepository.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The batch table and the cells of a batch. Lock order: the batch row first, then (only
 * when it closes) the envelope; a cell's commit never locks the batch.
 */
@Repository
class BatchRepository {

    private final JdbcClient jdbc;

    BatchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Batch batch) {
        jdbc.sql("""
                INSERT INTO playground_batches (id, user_id, package_id, version, models, inputs, assertions,
                    max_credits, quote, reservation_id, created_at)
                VALUES (:id, :user, :package, :version, CAST(:models AS jsonb), CAST(:inputs AS jsonb),
                    CAST(:assertions AS jsonb), :max, :quote, :reservation, :at)""")
            .param("id", batch.id())
            .param("user", batch.userId())
            .param("package", batch.packageId())
            .param("version", batch.version())
            .param("models", batch.models())
            .param("inputs", batch.inputs())
            .param("assertions", batch.assertions())
            .param("max", batch.maxCredits())
            .param("quote", batch.quote())
            .param("reservation", batch.reservationId())
            .param("at", ts(batch.createdAt()))
            .update();
    }

    Optional<Batch> find(UUID id, UUID userId) {
        return jdbc.sql("SELECT * FROM playground_batches WHERE id = :id AND user_id = :user")
            .param("id", id)
            .param("user", userId)
            .query(BatchRepository::batch)
            .optional();
    }

    /** Locks a batch that is still open; empty when it closed already. */
    Optional<Batch> lockOpen(UUID id) {
        return jdbc.sql("SELECT * FROM playground_batches WHERE id = :id AND finished_at IS NULL FOR UPDATE")
            .param("id", id)
            .query(BatchRepository::batch)
            .optional();
    }

    /** The cells in matrix order (input by input, the models of each input in order). */
    List<Job> cells(UUID batchId) {
        return jdbc.sql("SELECT * FROM playground_jobs WHERE batch_id = :batch ORDER BY batch_cell")
            .param("batch", batchId)
            .query(JobRepository::job)
            .list();
    }

    int unfinishedCells(UUID batchId) {
        return jdbc
            .sql("SELECT count(*) FROM playground_jobs WHERE batch_id = :batch AND status IN ('queued', 'running')")
            .param("batch", batchId)
            .query(Integer.class)
            .single();
    }

    /** Credits the cells were charged, from their results. */
    long charged(UUID batchId) {
        return jdbc.sql("""
                SELECT coalesce(sum((result -> 'credits' ->> 'charged')::bigint), 0) FROM playground_jobs
                WHERE batch_id = :batch AND result IS NOT NULL""").param("batch", batchId).query(Long.class).single();
    }

    /** Flags the batch cancelled; false when it already closed. */
    boolean requestCancel(UUID batchId) {
        return jdbc.sql("UPDATE playground_batches SET cancel_requested = true WHERE id = :id AND finished_at IS NULL")
            .param("id", batchId)
            .update() == 1;
    }

    /** Cancels the cells still queued (they hold nothing of their own). */
    int cancelQueuedCells(UUID batchId, Instant now) {
        return jdbc.sql("""
                UPDATE playground_jobs SET status = 'cancelled', finished_at = :now
                WHERE batch_id = :batch AND status = 'queued'""")
            .param("now", ts(now))
            .param("batch", batchId)
            .update();
    }

    /** Asks the running cells to stop; returns them. */
    List<UUID> requestCancelRunningCells(UUID batchId) {
        return jdbc.sql("""
                UPDATE playground_jobs SET cancel_requested = true WHERE batch_id = :batch AND status = 'running'
                RETURNING id""").param("batch", batchId).query(UUID.class).list();
    }

    void close(UUID batchId, String status, long released, Instant now) {
        jdbc.sql("""
                UPDATE playground_batches SET status = :status, released = :released, finished_at = :now
                WHERE id = :id""")
            .param("status", status)
            .param("released", released)
            .param("now", ts(now))
            .param("id", batchId)
            .update();
    }

    /**
     * Open batches whose cells all ended: their close was missed (the instance died
     * between a cell's commit and the close).
     */
    List<UUID> openWithoutUnfinishedCells(int limit) {
        return jdbc.sql("""
                SELECT b.id FROM playground_batches b WHERE b.finished_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM playground_jobs j
                                  WHERE j.batch_id = b.id AND j.status IN ('queued', 'running'))
                ORDER BY b.created_at LIMIT :limit""").param("limit", limit).query(UUID.class).list();
    }

    private static Batch batch(ResultSet rs, int row) throws SQLException {
        return new Batch(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getObject("package_id", UUID.class), rs.getString("version"), rs.getString("models"),
                rs.getString("inputs"), rs.getString("assertions"), rs.getObject("max_credits", Long.class),
                rs.getLong("quote"), rs.getObject("reservation_id", UUID.class), rs.getString("status"),
                rs.getBoolean("cancel_requested"), rs.getObject("released", Long.class), instant(rs, "created_at"),
                instant(rs, "finished_at"));
    }

}
