-- klink-tokens schema version 1 for MySQL 8 and MariaDB: one row per token, abilities in the row so that a
-- verification is one primary-key read. Timestamps are DATETIME(6) holding UTC. The binary collation keeps ids,
-- tenants and owners case-sensitive (token ids are base62). Indexes sit inside CREATE TABLE so that the whole
-- script is idempotent (MySQL has no CREATE INDEX IF NOT EXISTS) and JdbiTokenStore.migrate() can re-run it.
-- Table and index names use the default prefix klink_; JdbiTokenStore.migrate() applies a configured prefix.

CREATE TABLE IF NOT EXISTS klink_tokens (
    id              VARCHAR(64)   NOT NULL,
    prefix          VARCHAR(32)   NOT NULL,
    tenant_id       VARCHAR(128)  NOT NULL,
    owner_id        VARCHAR(128)  NOT NULL,
    name            VARCHAR(200)  NOT NULL,
    abilities       TEXT          NOT NULL,
    hash_scheme     VARCHAR(100)  NOT NULL,
    hash            VARBINARY(64) NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    expires_at      DATETIME(6)   NULL,
    revoked_at      DATETIME(6)   NULL,
    revoked_by      VARCHAR(255)  NULL,
    revoke_reason   TEXT          NULL,
    last_used_at    DATETIME(6)   NULL,
    last_used_ip    VARCHAR(100)  NULL,
    rotated_from_id VARCHAR(64)   NULL,
    rotated_to_id   VARCHAR(64)   NULL,
    metadata        TEXT          NOT NULL,
    PRIMARY KEY (id),
    INDEX klink_tokens_owner_idx (tenant_id, owner_id, created_at),
    INDEX klink_tokens_tenant_idx (tenant_id, created_at),
    INDEX klink_tokens_expires_idx (expires_at),
    INDEX klink_tokens_revoked_idx (revoked_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
