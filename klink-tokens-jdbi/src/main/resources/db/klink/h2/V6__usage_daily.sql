-- klink-tokens schema version 6 for H2: successful verifications per token and UTC day, added to by every node's
-- usage flush and kept for 30 days. JdbiTokenStore deletes them with their token (no foreign key, so
-- that the tokens table can be dropped or truncated on its own). The columns are
-- usage_day and use_count because DAY is a reserved word in H2. Every statement is idempotent, so
-- JdbiTokenStore.migrate() can re-run it safely.

CREATE TABLE IF NOT EXISTS klink_usage_daily (
    token_id  VARCHAR(64) NOT NULL,
    usage_day DATE        NOT NULL,
    use_count BIGINT      NOT NULL,
    CONSTRAINT klink_usage_daily_pk PRIMARY KEY (token_id, usage_day)
);

CREATE INDEX IF NOT EXISTS klink_usage_daily_day_idx ON klink_usage_daily (usage_day);
