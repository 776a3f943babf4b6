-- Revocation: every bearer token carries the user's token version at issue time; logout
-- (and any future password change) increments it, so all earlier tokens stop working.
ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0 CHECK (token_version >= 0);
