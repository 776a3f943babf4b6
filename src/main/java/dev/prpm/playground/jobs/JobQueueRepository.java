package dev.prpm.playground.jobs;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One aggregate over the job queue, for the queue gauges. */
@Repository
class JobQueueRepository {

    private final JdbcClient jdbc;

    JobQueueRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    JobQueueGauges.Snapshot queue() {
        return jdbc.sql("""
                SELECT count(*) FILTER (WHERE status = 'queued') AS queued,
                       count(*) FILTER (WHERE status = 'running') AS running,
                       coalesce(extract(EPOCH FROM now() - min(created_at) FILTER (WHERE status = 'queued')), 0)
                           AS oldest_seconds
                FROM playground_jobs WHERE status IN ('queued', 'running')""")
            .query((rs, n) -> new JobQueueGauges.Snapshot(rs.getLong("queued"), rs.getLong("running"),
                    rs.getDouble("oldest_seconds")))
            .single();
    }

}
