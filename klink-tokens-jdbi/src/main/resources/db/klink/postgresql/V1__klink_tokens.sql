-- klink-tokens schema version 1 for PostgreSQL: one row per token, abilities in the row so that a verification
-- is one primary-key read. Every statement is idempotent, so JdbiTokenStore.migrate() can re-run it safely.
-- Table and index names use the default prefix klink_; JdbiTokenStore.migrate() applies a configured prefix.

CREATE TABLE IF NOT EXISTS klink_tokens (
    id              varchar(64)  NOT NULL,
    prefix          varchar(32)  NOT NULL,
    tenant_id       varchar(128) NOT NULL,
    owner_id        varchar(128) NOT NULL,
    name            varchar(200) NOT NULL,
    abilities       text         NOT NULL,
    hash_scheme     varchar(100) NOT NULL,
    hash            bytea        NOT NULL,
    created_at      timestamptz  NOT NULL,
    expires_at      timestamptz,
    revoked_at      timestamptz,
    revoked_by      varchar(255),
    revoke_reason   text,
    last_used_at    timestamptz,
    last_used_ip    varchar(100),
    rotated_from_id varchar(64),
    rotated_to_id   varchar(64),
    metadata        text         NOT NULL,
    CONSTRAINT klink_tokens_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS klink_tokens_owner_idx ON klink_tokens (tenant_id, owner_id, created_at);
CREATE INDEX IF NOT EXISTS klink_tokens_tenant_idx ON klink_tokens (tenant_id, created_at);
CREATE INDEX IF NOT EXISTS klink_tokens_expires_idx ON klink_tokens (expires_at);
CREATE INDEX IF NOT EXISTS klink_tokens_revoked_idx ON klink_tokens (revoked_at);
