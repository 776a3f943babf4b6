-- Floor users of bench/run.sh: deterministic ids md5('floor' || n)::uuid, a large purchased
-- balance with its ledger row (so the invariant holds for them too), no app involvement.
INSERT INTO users (id, email, password_hash)
SELECT md5('floor' || n)::uuid, 'floor-' || n || '@bench.invalid', 'x' FROM generate_series(1, :users) n
ON CONFLICT DO NOTHING;
INSERT INTO credit_accounts (user_id, purchased)
SELECT md5('floor' || n)::uuid, 1000000000 FROM generate_series(1, :users) n
ON CONFLICT DO NOTHING;
INSERT INTO credit_transactions (user_id, type, amount, delta_purchased, balance_after, reason)
SELECT md5('floor' || n)::uuid, 'purchase', 1000000000, 1000000000, 1000000000, 'bench floor'
FROM generate_series(1, :users) n
WHERE NOT EXISTS (SELECT 1 FROM credit_transactions t WHERE t.user_id = md5('floor' || n)::uuid);
