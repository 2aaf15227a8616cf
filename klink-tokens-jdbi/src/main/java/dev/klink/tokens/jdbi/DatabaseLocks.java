package dev.klink.tokens.jdbi;

import dev.klink.tokens.TokenStoreUnavailableException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/** The database locks the schema migration and the owners' limits take turns on. */
final class DatabaseLocks {

    /** The PostgreSQL advisory lock class of migrations. */
    static final int PG_MIGRATION_LOCK_CLASS = 0x6b6c6e6b;
    /** The PostgreSQL advisory lock class of owners' limits (the migration lock's plus one). */
    static final int PG_OWNER_LOCK_CLASS = PG_MIGRATION_LOCK_CLASS + 1;
    private static final int MYSQL_LOCK_TIMEOUT_SECONDS = 60;

    private DatabaseLocks() {
    }

    /** Takes a transaction-scoped PostgreSQL advisory lock, released at commit or rollback. */
    static void pgTransactionLock(Handle handle, int lockClass, int key) {
        handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:lockClass, :key)) AS klink_lock")
                .bind("lockClass", lockClass)
                .bind("key", key)
                .mapTo(Integer.class)
                .one();
    }

    /** Runs {@code work} holding the named MySQL/MariaDB lock {@code lock} of this session, released after. */
    static <T> T underMysqlLock(Handle handle, String lock, String description,
            HandleCallback<T, RuntimeException> work) {
        Integer acquired = handle.createQuery("SELECT GET_LOCK(:lock, :timeout)")
                .bind("lock", lock)
                .bind("timeout", MYSQL_LOCK_TIMEOUT_SECONDS)
                .mapTo(Integer.class)
                .one();
        if (acquired == null || acquired != 1) {
            throw new TokenStoreUnavailableException("Timed out after " + MYSQL_LOCK_TIMEOUT_SECONDS
                    + " s waiting for " + description);
        }
        try {
            return work.withHandle(handle);
        } finally {
            handle.createQuery("SELECT RELEASE_LOCK(:lock)").bind("lock", lock).mapTo(Integer.class).one();
        }
    }
}
