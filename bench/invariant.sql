-- Accounts where balance != Σ ledger or reserved != Σ open holds (must be 0 rows).
SELECT count(*) AS violations FROM credit_accounts a
WHERE a.monthly + a.rollover + a.purchased
      <> (SELECT coalesce(sum(t.amount), 0) FROM credit_transactions t WHERE t.user_id = a.user_id)
   OR a.reserved
      <> (SELECT coalesce(sum(r.amount), 0) FROM credit_reservations r WHERE r.user_id = a.user_id AND r.status = 'active');
