-- Issue #15: deleting a session (or a user's sessions) sets forked_from to NULL in the sessions
-- forked from it (ON DELETE SET NULL, V106); with no index on forked_from that foreign-key action
-- read the whole sessions table for every deleted session (394 ms per delete at 1,000,000 sessions).
-- Partial: only forks have a forked_from, and the action's forked_from = $1 implies NOT NULL.
CREATE INDEX sessions_forked_from_idx ON sessions (forked_from) WHERE forked_from IS NOT NULL;
