-- Idempotency claims get a lease: an in_progress claim left behind by a crashed instance can be
-- taken over once lease_until has passed (instead of answering 409 for 24 h). claim_id names the
-- attempt holding the key, so a slow, superseded attempt can neither complete nor delete it.
ALTER TABLE idempotency_keys ADD COLUMN claim_id UUID;
ALTER TABLE idempotency_keys ADD COLUMN lease_until TIMESTAMPTZ;
UPDATE idempotency_keys SET claim_id = gen_random_uuid(), lease_until = created_at + interval '10 minutes';
ALTER TABLE idempotency_keys ALTER COLUMN claim_id SET NOT NULL;
ALTER TABLE idempotency_keys ALTER COLUMN lease_until SET NOT NULL;
