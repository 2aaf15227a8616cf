package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract every store passes, on H2. */
class JdbiTokenStoreH2ContractTest extends TokenStoreContract {

    private static TestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = TestDatabase.h2("klink_ct_h2_");
        database.createSchema();
    }

    @AfterAll
    static void dropSchema() {
        if (database != null) {
            database.dropSchema();
        }
    }

    @Override
    protected TokenStore createStore(MutableClock clock) {
        database.deleteAllTokens();
        return database.store(clock);
    }
}
