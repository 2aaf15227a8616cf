-- klink-tokens schema version 2 for MySQL 8 and MariaDB: marks immediate revocations, so that they count on every
-- node whatever its clock says; a scheduled revocation (the end of a rotation's grace period) stays a time each node
-- compares with its own clock. MySQL has no ADD COLUMN IF NOT EXISTS: JdbiTokenStore.migrate() skips this script
-- when the column exists already (a schema Flyway created). The UPDATE is idempotent.
-- Revocations made before this version count at once from now on, unless they are rotations still in their grace
-- period.

ALTER TABLE klink_tokens ADD COLUMN revoked_immediately BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE klink_tokens SET revoked_immediately = TRUE
WHERE revoked_at IS NOT NULL AND revoked_immediately = FALSE
  AND (rotated_to_id IS NULL OR revoke_reason IS NULL OR NOT (revoke_reason = 'rotated')
       OR UTC_TIMESTAMP(6) >= revoked_at);
