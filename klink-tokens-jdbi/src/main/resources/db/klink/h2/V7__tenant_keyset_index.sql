-- klink-tokens schema version 7 for H2: indexes for the tenant administrators' listing, which pages by
-- position (created_at, id) newest first. With the id in the index a page deep in reads only its own rows: the
-- scan starts at the cursor and stops after one page. Every statement is idempotent, so JdbiTokenStore.migrate()
-- can re-run it safely. On a large table, create these indexes beforehand (PostgreSQL: CREATE INDEX CONCURRENTLY)
-- to keep inserts flowing while they are built; this script then finds them in place.

CREATE INDEX IF NOT EXISTS klink_tokens_tenant_keyset_idx ON klink_tokens (tenant_id, created_at, id);
CREATE INDEX IF NOT EXISTS klink_tokens_owner_keyset_idx ON klink_tokens (tenant_id, owner_id, created_at, id);
