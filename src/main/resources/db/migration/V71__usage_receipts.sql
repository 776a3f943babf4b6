-- Receipts (issue #16): which buckets paid a run, how many provider calls it took, and the
-- price table used. Null for runs recorded before this migration and for failed runs.
ALTER TABLE usage ADD COLUMN paid_monthly BIGINT, ADD COLUMN paid_rollover BIGINT,
  ADD COLUMN paid_purchased BIGINT, ADD COLUMN attempts SMALLINT, ADD COLUMN price_version TEXT;
ALTER TABLE usage_archive ADD COLUMN paid_monthly BIGINT, ADD COLUMN paid_rollover BIGINT,
  ADD COLUMN paid_purchased BIGINT, ADD COLUMN attempts SMALLINT, ADD COLUMN price_version TEXT;
