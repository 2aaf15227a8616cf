-- klink-tokens schema version 1 for H2: one row per token, abilities in the row so that a verification is one
-- primary-key read. Every statement is idempotent, so JdbiTokenStore.migrate() can re-run it safely.
-- Table and index names use the default prefix klink_; JdbiTokenStore.migrate() applies a configured prefix.

CREATE TABLE IF NOT EXISTS klink_tokens (
    id              VARCHAR(64)                 NOT NULL,
    prefix          VARCHAR(32)                 NOT NULL,
    tenant_id       VARCHAR(128)                NOT NULL,
    owner_id        VARCHAR(128)                NOT NULL,
    name            VARCHAR(200)                NOT NULL,
    abilities       CHARACTER VARYING           NOT NULL,
    hash_scheme     VARCHAR(100)                NOT NULL,
    hash            VARBINARY(64)               NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP(6) WITH TIME ZONE,
    revoked_at      TIMESTAMP(6) WITH TIME ZONE,
    revoked_by      VARCHAR(255),
    revoke_reason   CHARACTER VARYING,
    last_used_at    TIMESTAMP(6) WITH TIME ZONE,
    last_used_ip    VARCHAR(100),
    rotated_from_id VARCHAR(64),
    rotated_to_id   VARCHAR(64),
    metadata        CHARACTER VARYING           NOT NULL,
    CONSTRAINT klink_tokens_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS klink_tokens_owner_idx ON klink_tokens (tenant_id, owner_id, created_at);
CREATE INDEX IF NOT EXISTS klink_tokens_tenant_idx ON klink_tokens (tenant_id, created_at);
CREATE INDEX IF NOT EXISTS klink_tokens_expires_idx ON klink_tokens (expires_at);
CREATE INDEX IF NOT EXISTS klink_tokens_revoked_idx ON klink_tokens (revoked_at);
