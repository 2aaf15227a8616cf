-- klink-tokens schema version 7 for MySQL 8 and MariaDB: indexes for the tenant administrators' listing, which
-- pages by position (created_at, id) newest first. With the id in the index a page deep in reads only its own rows:
-- the scan starts at the cursor and stops after one page. MySQL has no CREATE INDEX IF NOT EXISTS: both indexes
-- come in one statement, and JdbiTokenStore.migrate() skips this script when the first exists already (a schema
-- Flyway created).

ALTER TABLE klink_tokens
    ADD INDEX klink_tokens_tenant_keyset_idx (tenant_id, created_at, id),
    ADD INDEX klink_tokens_owner_keyset_idx (tenant_id, owner_id, created_at, id);
