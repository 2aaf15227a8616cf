-- klink-tokens schema version 3 for MySQL 8 and MariaDB: the invalidation log that PollingInvalidationChannel
-- writes and polls, so that every node's verification cache learns which tokens changed. One row per announced
-- change; a row without token_id means "drop everything". Rows are pruned after a retention. Timestamps are
-- DATETIME(6) holding UTC. The index sits inside CREATE TABLE so that the script is idempotent.

CREATE TABLE IF NOT EXISTS klink_invalidations (
    seq        BIGINT        NOT NULL AUTO_INCREMENT,
    token_id   VARCHAR(64),
    created_at DATETIME(6)   NOT NULL,
    CONSTRAINT klink_invalidations_pk PRIMARY KEY (seq),
    INDEX klink_invalidations_created_idx (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
