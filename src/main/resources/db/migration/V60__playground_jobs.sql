-- Durable run jobs (issue 14). The V1 placeholder table was never used; it is replaced by one
-- that carries the credit hold, the attempts, the lease of the worker running it, and the result.
DROP TABLE playground_jobs;

CREATE TABLE playground_jobs (
  id               UUID PRIMARY KEY,
  seq              BIGSERIAL NOT NULL UNIQUE,
  user_id          UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tier             TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  request          JSONB NOT NULL,
  model            TEXT NOT NULL,
  run_id           UUID NOT NULL,
  reservation_id   UUID NOT NULL,
  estimate         BIGINT NOT NULL CHECK (estimate > 0),
  attempts         INTEGER NOT NULL DEFAULT 0,
  run_after        TIMESTAMPTZ NOT NULL,
  lease_owner      TEXT,
  lease_token      UUID,
  lease_expires_at TIMESTAMPTZ,
  cancel_requested BOOLEAN NOT NULL DEFAULT false,
  result           JSONB,
  error            JSONB,
  created_at       TIMESTAMPTZ NOT NULL,
  started_at       TIMESTAMPTZ,
  finished_at      TIMESTAMPTZ,
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX playground_jobs_user_idx ON playground_jobs (user_id, seq DESC);
CREATE INDEX playground_jobs_queued_idx ON playground_jobs (run_after) WHERE status = 'queued';
CREATE INDEX playground_jobs_running_idx ON playground_jobs (user_id, lease_expires_at) WHERE status = 'running';
CREATE TRIGGER playground_jobs_updated_at BEFORE UPDATE ON playground_jobs FOR EACH ROW EXECUTE FUNCTION set_updated_at();
