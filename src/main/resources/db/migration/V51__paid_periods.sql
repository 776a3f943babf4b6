-- Monthly cycle edges (issue 17): each period's allowance is tied to a paid period, granted once;
-- holds remember the cycle they were taken in.

ALTER TABLE credit_accounts
  ADD COLUMN paid_through    TIMESTAMPTZ,
  ADD COLUMN granted_period  TIMESTAMPTZ;

-- Plans running before this migration: their current period was paid and granted.
UPDATE credit_accounts
   SET paid_through = next_reset_at,
       granted_period = next_reset_at - INTERVAL '1 month'
 WHERE monthly_allowance > 0 AND next_reset_at IS NOT NULL;

ALTER TABLE credit_reservations ADD COLUMN cycle_ends_at TIMESTAMPTZ;
