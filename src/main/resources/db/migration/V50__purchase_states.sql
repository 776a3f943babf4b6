-- Billing edge cases (issue 17): failed and restored purchases, one PRPM+ checkout at a time,
-- duplicate subscriptions cancelled at Stripe.

-- A purchase may fail (checkout.session.async_payment_failed); a won dispute gives the credits back.
ALTER TABLE purchases DROP CONSTRAINT IF EXISTS purchases_status_check;
ALTER TABLE purchases ADD CONSTRAINT purchases_status_check
  CHECK (status IN ('pending', 'completed', 'refunded', 'disputed', 'expired', 'failed'));
ALTER TABLE purchases
  ADD COLUMN credits_restored  BIGINT NOT NULL DEFAULT 0 CHECK (credits_restored >= 0),
  ADD COLUMN dispute_taken     BIGINT NOT NULL DEFAULT 0 CHECK (dispute_taken >= 0),
  ADD COLUMN dispute_shortfall BIGINT NOT NULL DEFAULT 0 CHECK (dispute_shortfall >= 0),
  ADD COLUMN dispute_outcome   TEXT CHECK (dispute_outcome IN ('won', 'lost'));

-- PRPM+ checkouts started and not finished: at most one per user at a time.
CREATE TABLE subscription_checkouts (
  id                          UUID PRIMARY KEY,
  user_id                     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  request_key                 TEXT,
  stripe_checkout_session_id  TEXT UNIQUE,
  checkout_url                TEXT,
  price_kind                  TEXT NOT NULL CHECK (price_kind IN ('individual', 'org')),
  status                      TEXT NOT NULL DEFAULT 'creating'
                                CHECK (status IN ('creating', 'open', 'completed', 'expired')),
  created_at                  TIMESTAMPTZ NOT NULL,
  expires_at                  TIMESTAMPTZ NOT NULL,
  updated_at                  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX subscription_checkouts_one_open_idx ON subscription_checkouts (user_id)
  WHERE status IN ('creating', 'open');
CREATE TRIGGER subscription_checkouts_updated_at BEFORE UPDATE ON subscription_checkouts
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A second paid subscription of a user who already has one: cancelled at Stripe and refunded.
CREATE TABLE subscription_duplicates (
  stripe_subscription_id  TEXT PRIMARY KEY,
  user_id                 UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kept_subscription_id    TEXT,
  reason                  TEXT NOT NULL,
  detected_by_event       TEXT NOT NULL,
  canceled_at             TIMESTAMPTZ NOT NULL,
  refunded_invoice        TEXT,
  refund_id               TEXT,
  refund_cents            BIGINT CHECK (refund_cents >= 0),
  created_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX subscription_duplicates_user_idx ON subscription_duplicates (user_id);
