-- PRPM+ Playground: the whole data model of SPEC.md.
-- Money columns are BIGINT credits; no bucket can go negative (CHECK constraints).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- Users, organisations, memberships --------------------------------------------------------

CREATE TABLE organizations (
  id          UUID PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug        TEXT NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  verified    BOOLEAN NOT NULL DEFAULT FALSE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id                  UUID PRIMARY KEY,
  email               TEXT NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  password_hash       TEXT NOT NULL,
  display_name        TEXT CHECK (length(display_name) <= 100),
  tier                TEXT NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'plus', 'org')),
  api_token_hash      TEXT UNIQUE,
  stripe_customer_id  TEXT UNIQUE,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_uq ON users (email);

CREATE TABLE org_memberships (
  org_id      UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role        TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_memberships_user_idx ON org_memberships (user_id);

-- Packages and versions --------------------------------------------------------------------

CREATE TABLE packages (
  id              UUID PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE CHECK (name ~ '^@[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9._-]*$'),
  description     TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  tags            TEXT[] NOT NULL DEFAULT '{}',
  author_id       UUID REFERENCES users (id) ON DELETE SET NULL,
  latest_version  TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX packages_name_trgm_idx ON packages USING gin (name gin_trgm_ops);
CREATE INDEX packages_description_trgm_idx ON packages USING gin (description gin_trgm_ops);
CREATE INDEX packages_tags_idx ON packages USING gin (tags);

CREATE TABLE package_versions (
  id            UUID PRIMARY KEY,
  package_id    UUID NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  version       TEXT NOT NULL CHECK (version ~ '^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$'),
  snippet       TEXT NOT NULL CHECK (length(snippet) BETWEEN 1 AND 50000),
  changelog     TEXT CHECK (length(changelog) <= 5000),
  published_by  UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (package_id, version)
);
CREATE INDEX package_versions_latest_idx ON package_versions (package_id, created_at DESC);

-- Sessions and share tokens ----------------------------------------------------------------

CREATE TABLE sessions (
  id                  UUID PRIMARY KEY,
  user_id             UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  package_id          UUID NOT NULL REFERENCES packages (id),
  package_version_id  UUID NOT NULL REFERENCES package_versions (id),
  title               TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200),
  messages            JSONB NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(messages) = 'array'),
  message_count       INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
  credits_spent       BIGINT NOT NULL DEFAULT 0 CHECK (credits_spent >= 0),
  version             BIGINT NOT NULL DEFAULT 0,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_recent_idx ON sessions (user_id, updated_at DESC, id DESC);
CREATE INDEX sessions_user_package_idx ON sessions (user_id, package_id, updated_at DESC);

CREATE TABLE session_shares (
  session_id  UUID PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  token       TEXT NOT NULL UNIQUE CHECK (length(token) >= 32),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Usage: one row per run, range-partitioned by month ----------------------------------------

CREATE TABLE usage (
  id              UUID NOT NULL,
  user_id         UUID NOT NULL,
  org_id          UUID,
  package_id      UUID,
  package_version_id UUID,
  session_id      UUID,
  model           TEXT NOT NULL,
  provider        TEXT NOT NULL,
  fallback_from   TEXT,
  tokens_in       INTEGER NOT NULL DEFAULT 0 CHECK (tokens_in >= 0),
  tokens_out      INTEGER NOT NULL DEFAULT 0 CHECK (tokens_out >= 0),
  credits         BIGINT NOT NULL DEFAULT 0 CHECK (credits >= 0),
  duration_ms     INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
  is_error        BOOLEAN NOT NULL DEFAULT FALSE,
  error_code      TEXT,
  rating          SMALLINT CHECK (rating BETWEEN 1 AND 5),
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX usage_user_recent_idx ON usage (user_id, created_at DESC);
CREATE INDEX usage_package_recent_idx ON usage (package_id, created_at DESC);
CREATE INDEX usage_session_idx ON usage (session_id) WHERE session_id IS NOT NULL;
CREATE TABLE usage_default PARTITION OF usage DEFAULT;

CREATE TABLE usage_archive (LIKE usage INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE usage_archive ADD PRIMARY KEY (id, created_at);
CREATE INDEX usage_archive_user_idx ON usage_archive (user_id, created_at DESC);

-- Creates the monthly partition holding month_start (idempotent); returns its name.
CREATE OR REPLACE FUNCTION create_usage_partition(month_start DATE) RETURNS TEXT AS $$
DECLARE
  from_date DATE := date_trunc('month', month_start)::date;
  to_date   DATE := (date_trunc('month', month_start) + interval '1 month')::date;
  part_name TEXT := format('usage_%s', to_char(from_date, 'YYYY_MM'));
BEGIN
  IF to_regclass(part_name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF usage FOR VALUES FROM (%L) TO (%L)',
                   part_name, from_date, to_date);
  END IF;
  RETURN part_name;
END;
$$ LANGUAGE plpgsql;

-- Ensures partitions exist from the current month up to months_ahead months in the future.
CREATE OR REPLACE FUNCTION ensure_usage_partitions(months_ahead INTEGER) RETURNS INTEGER AS $$
DECLARE
  i INTEGER;
BEGIN
  FOR i IN 0..months_ahead LOOP
    PERFORM create_usage_partition((date_trunc('month', now()) + make_interval(months => i))::date);
  END LOOP;
  RETURN months_ahead + 1;
END;
$$ LANGUAGE plpgsql;

SELECT ensure_usage_partitions(3);

-- Credits: accounts with three buckets, immutable ledger, reservations ----------------------

CREATE TABLE credit_accounts (
  user_id             UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  monthly             BIGINT NOT NULL DEFAULT 0 CHECK (monthly >= 0),
  rollover            BIGINT NOT NULL DEFAULT 0 CHECK (rollover >= 0),
  purchased           BIGINT NOT NULL DEFAULT 0 CHECK (purchased >= 0),
  reserved            BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  monthly_allowance   BIGINT NOT NULL DEFAULT 0 CHECK (monthly_allowance >= 0),
  cycle_anchor        TIMESTAMPTZ,
  next_reset_at       TIMESTAMPTZ,
  rollover_expires_at TIMESTAMPTZ,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX credit_accounts_reset_due_idx ON credit_accounts (next_reset_at) WHERE next_reset_at IS NOT NULL;

CREATE TABLE credit_reservations (
  id              UUID PRIMARY KEY,
  user_id         UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  amount          BIGINT NOT NULL CHECK (amount > 0),
  held_monthly    BIGINT NOT NULL CHECK (held_monthly >= 0),
  held_rollover   BIGINT NOT NULL CHECK (held_rollover >= 0),
  held_purchased  BIGINT NOT NULL CHECK (held_purchased >= 0),
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'settled', 'released', 'expired')),
  purpose         TEXT NOT NULL DEFAULT 'run' CHECK (length(purpose) <= 100),
  settled_amount  BIGINT CHECK (settled_amount >= 0),
  expires_at      TIMESTAMPTZ NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  closed_at       TIMESTAMPTZ,
  CHECK (held_monthly + held_rollover + held_purchased = amount)
);
CREATE INDEX credit_reservations_expiring_idx ON credit_reservations (expires_at) WHERE status = 'active';
CREATE INDEX credit_reservations_user_active_idx ON credit_reservations (user_id) WHERE status = 'active';

CREATE TABLE credit_transactions (
  id                BIGSERIAL PRIMARY KEY,
  user_id           UUID NOT NULL REFERENCES users (id),
  type              TEXT NOT NULL CHECK (type IN ('signup_bonus', 'monthly_grant', 'rollover', 'expiry',
                        'purchase', 'spend', 'refund', 'reservation_hold', 'reservation_release', 'adjustment')),
  amount            BIGINT NOT NULL,
  delta_monthly     BIGINT NOT NULL DEFAULT 0,
  delta_rollover    BIGINT NOT NULL DEFAULT 0,
  delta_purchased   BIGINT NOT NULL DEFAULT 0,
  balance_after     BIGINT NOT NULL CHECK (balance_after >= 0),
  reason            TEXT CHECK (length(reason) <= 500),
  reservation_id    UUID REFERENCES credit_reservations (id),
  run_id            UUID,
  session_id        UUID,
  stripe_ref        TEXT,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (amount = delta_monthly + delta_rollover + delta_purchased)
);
CREATE INDEX credit_transactions_user_idx ON credit_transactions (user_id, id DESC);
CREATE INDEX credit_transactions_user_type_idx ON credit_transactions (user_id, type, id DESC);
CREATE INDEX credit_transactions_stripe_idx ON credit_transactions (stripe_ref) WHERE stripe_ref IS NOT NULL;

-- The ledger is append-only.
CREATE OR REPLACE FUNCTION forbid_ledger_mutation() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'credit_transactions is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER credit_transactions_immutable BEFORE UPDATE OR DELETE ON credit_transactions
  FOR EACH ROW EXECUTE FUNCTION forbid_ledger_mutation();

-- Billing: purchases, subscriptions, Stripe events -----------------------------------------

CREATE TABLE purchases (
  id                          UUID PRIMARY KEY,
  user_id                     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  pack_id                     TEXT NOT NULL,
  credits                     BIGINT NOT NULL CHECK (credits > 0),
  amount_cents                BIGINT NOT NULL CHECK (amount_cents >= 0),
  currency                    TEXT NOT NULL DEFAULT 'usd' CHECK (currency ~ '^[a-z]{3}$'),
  status                      TEXT NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'completed', 'refunded', 'disputed', 'expired')),
  stripe_checkout_session_id  TEXT UNIQUE,
  stripe_payment_intent_id    TEXT UNIQUE,
  credits_clawed_back         BIGINT NOT NULL DEFAULT 0 CHECK (credits_clawed_back >= 0),
  clawback_shortfall          BIGINT NOT NULL DEFAULT 0 CHECK (clawback_shortfall >= 0),
  created_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at                  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX purchases_user_idx ON purchases (user_id, created_at DESC);

CREATE TABLE subscriptions (
  id                      UUID PRIMARY KEY,
  user_id                 UUID NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  stripe_subscription_id  TEXT UNIQUE,
  stripe_customer_id      TEXT,
  status                  TEXT NOT NULL CHECK (status IN ('incomplete', 'active', 'past_due', 'canceled', 'unpaid')),
  price_kind              TEXT NOT NULL CHECK (price_kind IN ('individual', 'org')),
  cancel_at_period_end    BOOLEAN NOT NULL DEFAULT FALSE,
  current_period_start    TIMESTAMPTZ,
  current_period_end      TIMESTAMPTZ,
  last_event_at           TIMESTAMPTZ,
  created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE stripe_events (
  id            TEXT PRIMARY KEY,
  type          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('processed', 'ignored', 'unmatched')),
  note          TEXT,
  payload       JSONB NOT NULL,
  created_at    TIMESTAMPTZ NOT NULL,
  received_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX stripe_events_type_idx ON stripe_events (type, received_at DESC);

-- Idempotency keys and queued jobs ---------------------------------------------------------

CREATE TABLE idempotency_keys (
  user_id          UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key              TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  endpoint         TEXT NOT NULL,
  request_hash     TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('in_progress', 'completed')),
  response_status  INTEGER,
  response_body    JSONB,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);

CREATE TABLE playground_jobs (
  id          UUID PRIMARY KEY,
  user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'active', 'completed', 'failed')),
  progress    SMALLINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  request     JSONB NOT NULL,
  result      JSONB,
  error       JSONB,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX playground_jobs_user_idx ON playground_jobs (user_id, created_at DESC);
CREATE INDEX playground_jobs_pending_idx ON playground_jobs (created_at) WHERE status IN ('queued', 'active');

-- db-scheduler's table (recurring and one-off jobs, transactional with the ledger)
CREATE TABLE scheduled_tasks (
  task_name             TEXT NOT NULL,
  task_instance         TEXT NOT NULL,
  task_data             BYTEA,
  execution_time        TIMESTAMPTZ NOT NULL,
  picked                BOOLEAN NOT NULL,
  picked_by             TEXT,
  last_success          TIMESTAMPTZ,
  last_failure          TIMESTAMPTZ,
  consecutive_failures  INTEGER,
  last_heartbeat        TIMESTAMPTZ,
  version               BIGINT NOT NULL,
  priority              SMALLINT,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- Analytics per package (refreshed hourly) --------------------------------------------------

CREATE MATERIALIZED VIEW package_analytics AS
SELECT package_id,
       count(*)                                             AS tests,
       count(DISTINCT user_id)                              AS unique_testers,
       avg(rating)::numeric(4, 2)                           AS average_rating,
       (avg(CASE WHEN is_error THEN 0 ELSE 1 END) * 100)::numeric(5, 2) AS success_rate,
       avg(duration_ms)::bigint                             AS average_duration_ms,
       avg(tokens_in + tokens_out)::bigint                  AS average_tokens,
       max(created_at)                                      AS last_tested_at
FROM usage
WHERE package_id IS NOT NULL
GROUP BY package_id
WITH NO DATA;
CREATE UNIQUE INDEX package_analytics_pk ON package_analytics (package_id);

-- updated_at triggers ------------------------------------------------------------------------

CREATE TRIGGER organizations_updated_at BEFORE UPDATE ON organizations FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER packages_updated_at BEFORE UPDATE ON packages FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER sessions_updated_at BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER credit_accounts_updated_at BEFORE UPDATE ON credit_accounts FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER purchases_updated_at BEFORE UPDATE ON purchases FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER subscriptions_updated_at BEFORE UPDATE ON subscriptions FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER playground_jobs_updated_at BEFORE UPDATE ON playground_jobs FOR EACH ROW EXECUTE FUNCTION set_updated_at();
