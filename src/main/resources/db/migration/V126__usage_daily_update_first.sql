-- The daily usage rollup's trigger (V120) updates the day's row first and inserts only when there is
-- none (issue #15): V120 built the new row's 118-bucket histogram (usage_latency_hist, a
-- generate_series over the buckets) for every run before ON CONFLICT found the row already there,
-- which cost ~0.65 ms of PostgreSQL CPU per run - 40 % of all the writes of a run (pgbench, the
-- floor script of bench/run.sh: 1.66 -> 1.01 ms per run; without the trigger 0.71 ms). The
-- row a run lands in and what it adds are unchanged; the first run of a day still inserts with
-- ON CONFLICT, so two first runs at once still add up. package_id IS NULL gets its own UPDATE so
-- both statements can use usage_daily_key.

CREATE OR REPLACE FUNCTION usage_daily_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bucket INTEGER := usage_latency_bucket(NEW.duration_ms);
  run_day DATE := (NEW.created_at AT TIME ZONE 'UTC')::date;
  failed INTEGER := CASE WHEN NEW.is_error THEN 1 ELSE 0 END;
BEGIN
  IF NEW.package_id IS NULL THEN
    UPDATE usage_daily AS d
    SET runs = d.runs + 1, failed_runs = d.failed_runs + failed, tokens_in = d.tokens_in + NEW.tokens_in,
        tokens_out = d.tokens_out + NEW.tokens_out, credits = d.credits + NEW.credits,
        duration_ms_sum = d.duration_ms_sum + NEW.duration_ms,
        duration_hist[bucket] = d.duration_hist[bucket] + 1,
        hist_first = least(d.hist_first, bucket), hist_last = greatest(d.hist_last, bucket)
    WHERE d.user_id = NEW.user_id AND d.day = run_day AND d.model = NEW.model AND d.package_id IS NULL;
  ELSE
    UPDATE usage_daily AS d
    SET runs = d.runs + 1, failed_runs = d.failed_runs + failed, tokens_in = d.tokens_in + NEW.tokens_in,
        tokens_out = d.tokens_out + NEW.tokens_out, credits = d.credits + NEW.credits,
        duration_ms_sum = d.duration_ms_sum + NEW.duration_ms,
        duration_hist[bucket] = d.duration_hist[bucket] + 1,
        hist_first = least(d.hist_first, bucket), hist_last = greatest(d.hist_last, bucket)
    WHERE d.user_id = NEW.user_id AND d.day = run_day AND d.model = NEW.model AND d.package_id = NEW.package_id;
  END IF;
  IF NOT FOUND THEN
    INSERT INTO usage_daily AS d (user_id, day, model, package_id, runs, failed_runs, tokens_in, tokens_out, credits,
                                  duration_ms_sum, duration_hist, hist_first, hist_last)
    VALUES (NEW.user_id, run_day, NEW.model, NEW.package_id, 1, failed, NEW.tokens_in, NEW.tokens_out, NEW.credits,
            NEW.duration_ms, usage_latency_hist(ARRAY[bucket], ARRAY[1]), bucket, bucket)
    ON CONFLICT ON CONSTRAINT usage_daily_key DO UPDATE
    SET runs = d.runs + 1,
        failed_runs = d.failed_runs + EXCLUDED.failed_runs,
        tokens_in = d.tokens_in + EXCLUDED.tokens_in,
        tokens_out = d.tokens_out + EXCLUDED.tokens_out,
        credits = d.credits + EXCLUDED.credits,
        duration_ms_sum = d.duration_ms_sum + EXCLUDED.duration_ms_sum,
        duration_hist[bucket] = d.duration_hist[bucket] + 1,
        hist_first = least(d.hist_first, bucket),
        hist_last = greatest(d.hist_last, bucket);
  END IF;
  RETURN NULL;
END
$$;
