-- Fork & rerun of a shared session (issue #16, item 5): the session a rerun was forked from.
-- The link is dropped, not the fork, if the original is deleted.
ALTER TABLE sessions ADD COLUMN forked_from UUID REFERENCES sessions (id) ON DELETE SET NULL;
