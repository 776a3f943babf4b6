-- Feedback on a session (POST /api/v1/playground/feedback of the original PRPM service):
-- "was this effective?" plus an optional comment. The verdict also rates the session's runs
-- (5 effective, 1 not) through SessionRated. One row per submission, kept as given.
CREATE TABLE session_feedback (
  id            BIGSERIAL PRIMARY KEY,
  session_id    UUID NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  is_effective  BOOLEAN NOT NULL,
  comment       TEXT CHECK (length(comment) <= 2000),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX session_feedback_session_idx ON session_feedback (session_id, created_at DESC);
