-- klink-tokens schema version 5 for MySQL 8 and MariaDB: one row per expiry reminder claimed, so that of every node
-- sending reminders exactly one sends each (token, threshold); the primary key makes the claim an atomic
-- insert-if-absent (INSERT IGNORE). A token's rows are deleted with it when it is pruned. The binary collation keeps
-- token ids case-sensitive, as in the tokens table; timestamps are DATETIME(6) holding UTC.

CREATE TABLE IF NOT EXISTS klink_reminders (
    token_id          VARCHAR(64) NOT NULL,
    threshold_seconds BIGINT      NOT NULL,
    claimed_at        DATETIME(6) NOT NULL,
    CONSTRAINT klink_reminders_pk PRIMARY KEY (token_id, threshold_seconds)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
