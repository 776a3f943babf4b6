-- The public shared page (/s/{token}) counts how often a shared session was viewed.
ALTER TABLE session_shares ADD COLUMN views BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0);
