-- Per-user daily rollup of usage (issue #13): the usage report reads one row per user, UTC day,
-- model and package instead of every run. Maintained in the same transaction as each usage row
-- (AFTER INSERT trigger, an atomic INSERT ... ON CONFLICT DO UPDATE, so concurrent runs of one user
-- add up), backfilled below from usage and usage_archive. Archiving moves usage rows, it does not
-- touch the rollup: the report keeps covering archived months.
--
-- Latency histogram: 118 fixed log-spaced buckets (1-based, as PostgreSQL arrays):
--   1        [0 ms, 10 ms)
--   2..117   [10 * 1.1^(i-2) ms, 10 * 1.1^(i-1) ms)   -- each 10 % wider than the last, up to ~628 s
--   118      [10 * 1.1^116 ms, infinity)               -- read as its lower bound
-- The report's p95 interpolates within a bucket, so it is within 10 % of the exact
-- percentile_cont (10 ms absolute below 10 ms); see docs/observability.md.

CREATE TABLE usage_daily (
  user_id         UUID NOT NULL,
  day             DATE NOT NULL,
  model           TEXT NOT NULL,
  package_id      UUID,
  runs            BIGINT NOT NULL CHECK (runs > 0),
  failed_runs     BIGINT NOT NULL CHECK (failed_runs >= 0),
  tokens_in       BIGINT NOT NULL CHECK (tokens_in >= 0),
  tokens_out      BIGINT NOT NULL CHECK (tokens_out >= 0),
  credits         BIGINT NOT NULL CHECK (credits >= 0),
  duration_ms_sum BIGINT NOT NULL CHECK (duration_ms_sum >= 0),
  duration_hist   INTEGER[] NOT NULL CHECK (cardinality(duration_hist) = 118),
  CONSTRAINT usage_daily_key UNIQUE NULLS NOT DISTINCT (user_id, day, model, package_id)
);

-- The histogram bucket (1..118) of a duration.
CREATE FUNCTION usage_latency_bucket(duration_ms INTEGER) RETURNS INTEGER
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN duration_ms < 10 THEN 1
              ELSE least(118, 2 + floor(ln(duration_ms / 10.0) / ln(1.1))::integer) END
$$;

-- A histogram with counts[k] in bucket buckets[k] (buckets distinct).
CREATE FUNCTION usage_latency_hist(buckets INTEGER[], counts INTEGER[]) RETURNS INTEGER[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(coalesce(counts[array_position(buckets, i)], 0) ORDER BY i) FROM generate_series(1, 118) AS i
$$;

CREATE FUNCTION usage_daily_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bucket INTEGER := usage_latency_bucket(NEW.duration_ms);
BEGIN
  INSERT INTO usage_daily AS d (user_id, day, model, package_id, runs, failed_runs, tokens_in, tokens_out, credits,
                                duration_ms_sum, duration_hist)
  VALUES (NEW.user_id, (NEW.created_at AT TIME ZONE 'UTC')::date, NEW.model, NEW.package_id, 1,
          CASE WHEN NEW.is_error THEN 1 ELSE 0 END, NEW.tokens_in, NEW.tokens_out, NEW.credits, NEW.duration_ms,
          usage_latency_hist(ARRAY[bucket], ARRAY[1]))
  ON CONFLICT ON CONSTRAINT usage_daily_key DO UPDATE
  SET runs = d.runs + 1,
      failed_runs = d.failed_runs + EXCLUDED.failed_runs,
      tokens_in = d.tokens_in + EXCLUDED.tokens_in,
      tokens_out = d.tokens_out + EXCLUDED.tokens_out,
      credits = d.credits + EXCLUDED.credits,
      duration_ms_sum = d.duration_ms_sum + EXCLUDED.duration_ms_sum,
      duration_hist[bucket] = d.duration_hist[bucket] + 1;
  RETURN NULL;
END
$$;

-- On the partitioned table: cloned to every partition, present and future.
CREATE TRIGGER usage_daily_rollup AFTER INSERT ON usage FOR EACH ROW EXECUTE FUNCTION usage_daily_add();

-- Recomputes the whole rollup from usage and usage_archive; returns the rollup rows written. The
-- backfill below; also a repair tool (UsageRollupTest checks that it reproduces what the trigger
-- maintained). Blocks usage inserts until the caller's transaction ends.
CREATE FUNCTION usage_daily_rebuild() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  written BIGINT;
BEGIN
  LOCK TABLE usage IN SHARE MODE;
  DELETE FROM usage_daily;
  INSERT INTO usage_daily (user_id, day, model, package_id, runs, failed_runs, tokens_in, tokens_out, credits,
                           duration_ms_sum, duration_hist)
  SELECT user_id, day, model, package_id, sum(runs), sum(failed_runs), sum(tokens_in), sum(tokens_out), sum(credits),
         sum(duration_ms_sum), usage_latency_hist(array_agg(bucket), array_agg(runs::integer))
  FROM (SELECT user_id, (created_at AT TIME ZONE 'UTC')::date AS day, model, package_id,
               usage_latency_bucket(duration_ms) AS bucket, count(*) AS runs,
               count(*) FILTER (WHERE is_error) AS failed_runs, sum(tokens_in) AS tokens_in,
               sum(tokens_out) AS tokens_out, sum(credits) AS credits, sum(duration_ms) AS duration_ms_sum
        FROM (SELECT user_id, created_at, model, package_id, duration_ms, is_error, tokens_in, tokens_out, credits
              FROM usage
              UNION ALL
              SELECT user_id, created_at, model, package_id, duration_ms, is_error, tokens_in, tokens_out, credits
              FROM usage_archive) AS all_runs
        GROUP BY 1, 2, 3, 4, 5) AS per_bucket
  GROUP BY user_id, day, model, package_id;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;

-- Backfill, in the migration's transaction.
SELECT usage_daily_rebuild();
