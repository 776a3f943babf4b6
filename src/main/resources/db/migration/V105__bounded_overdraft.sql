-- Bounded overdraft (issues #16 and #11 finding 10): a run is charged its actual usage even when
-- that exceeds its hold; what the balance cannot cover is owed in the purchased bucket (an
-- `overdraft` ledger row), down to prpm.credits.overdraft-limit. The database keeps a hard floor
-- of -1000 (the setting is validated to stay within it); monthly, rollover and reserved stay >= 0.
ALTER TABLE credit_accounts DROP CONSTRAINT credit_accounts_purchased_check;
ALTER TABLE credit_accounts ADD CONSTRAINT credit_accounts_purchased_check CHECK (purchased >= -1000);

ALTER TABLE credit_transactions DROP CONSTRAINT credit_transactions_balance_after_check;
ALTER TABLE credit_transactions ADD CONSTRAINT credit_transactions_balance_after_check
    CHECK (balance_after >= -1000);

ALTER TABLE credit_transactions DROP CONSTRAINT credit_transactions_type_check;
ALTER TABLE credit_transactions ADD CONSTRAINT credit_transactions_type_check
    CHECK (type IN ('signup_bonus', 'monthly_grant', 'rollover', 'expiry', 'purchase', 'spend', 'refund',
                    'reservation_hold', 'reservation_release', 'adjustment', 'overdraft'));
