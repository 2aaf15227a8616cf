package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The contract every store passes, on H2. */
class JdbiTokenStoreH2ContractTest extends TokenStoreContract {

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
            database = TestDatabase.h2("klink_ct_h2_");
            database.createSchema();
        }
        database.deleteAllTokens();
        return database.store(clock);
    }
}
