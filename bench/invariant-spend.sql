-- Builds with the daily spend rollup (V125): accounts whose Σ credit_spend_daily differs from the
-- credits of their settled holds (must be 0 rows).
SELECT count(*) AS violations FROM credit_accounts a
WHERE (SELECT coalesce(sum(r.settled_amount), 0) FROM credit_reservations r
       WHERE r.user_id = a.user_id AND r.status = 'settled')
      <> (SELECT coalesce(sum(d.credits), 0) FROM credit_spend_daily d WHERE d.user_id = a.user_id);
