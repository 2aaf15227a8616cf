-- klink-tokens schema version 4 for MySQL 8 and MariaDB: the client addresses a token may be used from, as a JSON
-- array of CIDR ranges (["10.0.0.0/8","2001:db8::/32"]); NULL for any address, which is what every older token
-- keeps. MySQL has no ADD COLUMN IF NOT EXISTS: JdbiTokenStore.migrate() skips this script when the column exists
-- already (a schema Flyway created).

ALTER TABLE klink_tokens ADD COLUMN allowed_ips TEXT NULL;
