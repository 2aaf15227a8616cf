-- klink-tokens schema version 4 for PostgreSQL: the client addresses a token may be used from, as a JSON array of
-- CIDR ranges (["10.0.0.0/8","2001:db8::/32"]); NULL for any address, which is what every older token keeps.
-- Idempotent, so JdbiTokenStore.migrate() can re-run it safely.

ALTER TABLE klink_tokens ADD COLUMN IF NOT EXISTS allowed_ips text;
