package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract every store passes, on MariaDb. */
class JdbiTokenStoreMariaDbContractTest extends TokenStoreContract {

    private static TestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = TestDatabase.mariaDb("klink_ct_maria_");
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
