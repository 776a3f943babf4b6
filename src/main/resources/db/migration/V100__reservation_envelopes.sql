-- Credit envelopes (issue 14, batch evaluations): one hold pays for many runs, each settling
-- part of it. The hold shrinks with each partial settlement and may reach 0 before the rest is
-- released; settled_amount adds up what it charged.
ALTER TABLE credit_reservations DROP CONSTRAINT credit_reservations_amount_check;
ALTER TABLE credit_reservations ADD CONSTRAINT credit_reservations_amount_check CHECK (amount >= 0);
