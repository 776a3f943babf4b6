-- Credits charged per user and UTC day (issue #15): the balance forecast (spend of the last 30
-- days) and the spending caps (spend of today / this month) read at most 31 rows of a user here
-- instead of summing every settlement of the period in credit_reservations, which grows with how
-- much the user runs. Maintained by a trigger in the transaction that settles a hold, whatever
-- code path settles it; a settlement's charge counts on the UTC day it closed, as before.
-- Rows outlive the reservations they sum (nothing deletes settled holds today; if archiving
-- ever does, the rollup keeps the history, like usage_daily).

CREATE TABLE credit_spend_daily (
  user_id  UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day      DATE NOT NULL,
  credits  BIGINT NOT NULL CHECK (credits >= 0),
  PRIMARY KEY (user_id, day)
);

CREATE FUNCTION credit_spend_daily_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'settled' THEN
    UPDATE credit_spend_daily SET credits = credits - coalesce(OLD.settled_amount, 0)
    WHERE user_id = OLD.user_id AND day = (OLD.closed_at AT TIME ZONE 'UTC')::date;
  END IF;
  IF NEW.status = 'settled' THEN
    INSERT INTO credit_spend_daily AS d (user_id, day, credits)
    VALUES (NEW.user_id, (coalesce(NEW.closed_at, now()) AT TIME ZONE 'UTC')::date, coalesce(NEW.settled_amount, 0))
    ON CONFLICT (user_id, day) DO UPDATE SET credits = d.credits + EXCLUDED.credits;
  END IF;
  RETURN NULL;
END
$$;

-- Fires only for rows that are or were settled (a hold, a release and an expiry do not).
CREATE TRIGGER credit_spend_daily_on_insert AFTER INSERT ON credit_reservations
  FOR EACH ROW WHEN (NEW.status = 'settled') EXECUTE FUNCTION credit_spend_daily_add();
CREATE TRIGGER credit_spend_daily_on_update AFTER UPDATE OF status, settled_amount, closed_at ON credit_reservations
  FOR EACH ROW WHEN (NEW.status = 'settled' OR OLD.status = 'settled') EXECUTE FUNCTION credit_spend_daily_add();

INSERT INTO credit_spend_daily (user_id, day, credits)
SELECT user_id, (closed_at AT TIME ZONE 'UTC')::date, sum(coalesce(settled_amount, 0))
FROM credit_reservations
WHERE status = 'settled' AND closed_at IS NOT NULL
GROUP BY 1, 2;
