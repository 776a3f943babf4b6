-- Spending caps a user sets for themselves (issue #16): runs over a cap are refused with 402
-- spending_cap_reached. Spend in a period = settled charges closed in it + open holds.
CREATE TABLE spending_caps (
  user_id     UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  daily       BIGINT CHECK (daily > 0),
  monthly     BIGINT CHECK (monthly > 0),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX credit_reservations_user_settled_idx ON credit_reservations (user_id, closed_at)
  WHERE status = 'settled';
