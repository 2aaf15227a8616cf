-- klink-tokens schema version 2 for PostgreSQL: marks immediate revocations, so that they count on every node
-- whatever its clock says; a scheduled revocation (the end of a rotation's grace period) stays a time each node
-- compares with its own clock. Every statement is idempotent, so JdbiTokenStore.migrate() can re-run it safely.
-- Revocations made before this version count at once from now on, unless they are rotations still in their grace
-- period.

ALTER TABLE klink_tokens ADD COLUMN IF NOT EXISTS revoked_immediately boolean NOT NULL DEFAULT false;

UPDATE klink_tokens SET revoked_immediately = true
WHERE revoked_at IS NOT NULL AND revoked_immediately = false
  AND (rotated_to_id IS NULL OR revoke_reason IS NULL OR NOT (revoke_reason = 'rotated') OR now() >= revoked_at);
