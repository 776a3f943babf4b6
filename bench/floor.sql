-- The floor: the writes one run needs, in two transactions, nothing else (pgbench -M prepared).
-- Hold: update account, insert reservation, insert ledger row.
-- Settle: update account, 2 ledger rows (release, spend), update reservation, insert session,
-- insert usage. Variables (pgbench -D): users (number of floor users), pkg and ver (a package
-- version), msgs (the session's messages: JSON cannot be inline, -M prepared reads colon-words).
\set n random(1, :users)
BEGIN;
UPDATE credit_accounts SET purchased = purchased - 1, reserved = reserved + 1
  WHERE user_id = CAST(md5('floor' || CAST(:n AS text)) AS uuid) RETURNING monthly + rollover + purchased AS bal \gset
INSERT INTO credit_reservations (id, user_id, amount, held_monthly, held_rollover, held_purchased, purpose, expires_at)
  VALUES (gen_random_uuid(), CAST(md5('floor' || CAST(:n AS text)) AS uuid), 1, 0, 0, 1, 'run sonnet', now() + interval '10 minutes')
  RETURNING id AS rid, gen_random_uuid() AS run, gen_random_uuid() AS sid \gset
INSERT INTO credit_transactions (user_id, type, amount, delta_purchased, balance_after, reason, reservation_id, run_id)
  VALUES (CAST(md5('floor' || CAST(:n AS text)) AS uuid), 'reservation_hold', -1, -1, :bal, 'Hold for run sonnet', :rid, :run);
COMMIT;
BEGIN;
UPDATE credit_accounts SET reserved = reserved - 1
  WHERE user_id = CAST(md5('floor' || CAST(:n AS text)) AS uuid) RETURNING monthly + rollover + purchased AS bal \gset
INSERT INTO credit_transactions (user_id, type, amount, delta_purchased, balance_after, reason, reservation_id, run_id,
    session_id)
  VALUES (CAST(md5('floor' || CAST(:n AS text)) AS uuid), 'reservation_release', 1, 1, CAST(:bal AS bigint) + 1, 'Release of hold, settled', :rid, :run, :sid),
         (CAST(md5('floor' || CAST(:n AS text)) AS uuid), 'spend', -1, -1, :bal, 'Playground run (sonnet)', :rid, :run, :sid);
UPDATE credit_reservations SET status = 'settled', settled_amount = 1, closed_at = now() WHERE id = :rid;
INSERT INTO sessions (id, user_id, package_id, package_version_id, title, messages, message_count, credits_spent)
  VALUES (:sid, CAST(md5('floor' || CAST(:n AS text)) AS uuid), CAST(:pkg AS uuid), CAST(:ver AS uuid), 'Write a haiku about databases.',
    CAST(:msgs AS jsonb), 2, 1);
INSERT INTO usage (id, user_id, package_id, package_version_id, session_id, model, provider, tokens_in, tokens_out,
    credits, duration_ms, paid_monthly, paid_rollover, paid_purchased, attempts, price_version)
  VALUES (:run, CAST(md5('floor' || CAST(:n AS text)) AS uuid), CAST(:pkg AS uuid), CAST(:ver AS uuid), :sid, 'sonnet', 'anthropic', 40, 20, 1, 1, 0, 0, 1, 1, 'v1');
COMMIT;
