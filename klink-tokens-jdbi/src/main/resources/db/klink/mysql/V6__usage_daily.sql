-- klink-tokens schema version 6 for MySQL 8 and MariaDB: successful verifications per token and UTC day, added to
-- by every node's usage flush and kept for 30 days. JdbiTokenStore deletes them with their token (no foreign key, so
-- that the tokens table can be dropped or truncated on its own). The columns are
-- usage_day and use_count because DAY is a reserved word in H2. The index sits inside CREATE TABLE so
-- that the script is idempotent.

CREATE TABLE IF NOT EXISTS klink_usage_daily (
    token_id  VARCHAR(64) NOT NULL,
    usage_day DATE        NOT NULL,
    use_count BIGINT      NOT NULL,
    CONSTRAINT klink_usage_daily_pk PRIMARY KEY (token_id, usage_day),
    INDEX klink_usage_daily_day_idx (usage_day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
