-- klink-tokens schema version 5 for H2: one row per expiry reminder claimed, so that of every node sending reminders
-- exactly one sends each (token, threshold); the primary key makes the claim an atomic insert-if-absent. A token's
-- rows are deleted with it when it is pruned. Every statement is idempotent, so JdbiTokenStore.migrate() can re-run
-- it safely.

CREATE TABLE IF NOT EXISTS klink_reminders (
    token_id          VARCHAR(64) NOT NULL,
    threshold_seconds BIGINT      NOT NULL,
    claimed_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT klink_reminders_pk PRIMARY KEY (token_id, threshold_seconds)
);
