-- Issue #18: the session list filtered by package pages by keyset on (updated_at, id);
-- the index gains id so such a page is a range read in order, without a sort.
CREATE INDEX sessions_user_package_recent_idx ON sessions (user_id, package_id, updated_at DESC, id DESC);
DROP INDEX sessions_user_package_idx;
