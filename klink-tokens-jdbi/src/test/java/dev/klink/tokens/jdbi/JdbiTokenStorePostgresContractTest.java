package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The contract every store passes, on Postgres. */
class JdbiTokenStorePostgresContractTest extends TokenStoreContract {

    private static TestDatabase database;

    @AfterAll
    static void dropSchema() {
        if (database != null) {
            database.dropSchema();
        }
    }

    @Override
    protected TokenStore createStore(MutableClock clock) {
        if (database == null) {
            // opened here, not in @BeforeAll, so that a missing database shows as skipped tests in the reports
            database = TestDatabase.postgres("klink_ct_pg_");
            database.createSchema();
        }
        database.deleteAllTokens();
        return database.store(clock);
    }
}
