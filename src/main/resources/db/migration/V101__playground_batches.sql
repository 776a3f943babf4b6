-- Batch evaluations (issue 14): one package over inputs x models, paid from ONE credit hold
-- (the envelope, reservation_id); each cell is a playground_jobs row that settles its own part of
-- the envelope. The rest is released when the last cell ends (released = what went back).
CREATE TABLE playground_batches (
  id               UUID PRIMARY KEY,
  seq              BIGSERIAL NOT NULL UNIQUE,
  user_id          UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  package_id       UUID NOT NULL,
  version          TEXT,
  models           JSONB NOT NULL,
  inputs           JSONB NOT NULL,
  assertions       JSONB,
  max_credits      BIGINT,
  quote            BIGINT NOT NULL CHECK (quote > 0),
  reservation_id   UUID NOT NULL,
  status           TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'cancelled')),
  cancel_requested BOOLEAN NOT NULL DEFAULT false,
  released         BIGINT,
  created_at       TIMESTAMPTZ NOT NULL,
  finished_at      TIMESTAMPTZ
);
CREATE INDEX playground_batches_user_idx ON playground_batches (user_id, seq DESC);
CREATE INDEX playground_batches_open_idx ON playground_batches (created_at) WHERE finished_at IS NULL;

ALTER TABLE playground_jobs ADD COLUMN batch_id UUID REFERENCES playground_batches (id) ON DELETE CASCADE;
ALTER TABLE playground_jobs ADD COLUMN batch_cell INTEGER;
CREATE INDEX playground_jobs_batch_idx ON playground_jobs (batch_id, batch_cell) WHERE batch_id IS NOT NULL;
