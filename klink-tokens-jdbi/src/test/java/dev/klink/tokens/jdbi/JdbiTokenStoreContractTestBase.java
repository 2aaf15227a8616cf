package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** The contract every store passes, on the database a subclass opens. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbiTokenStoreContractTestBase extends TokenStoreContract {

    /** The tables of this class. */
    final ClassSchema schema = new ClassSchema(this::openDatabase);

    /** The database with a table prefix of this class's own. */
    abstract TestDatabase openDatabase();

    @AfterAll
    void dropSchema() {
        schema.drop();
    }

    @Override
    protected TokenStore createStore(MutableClock clock) {
        return schema.emptyStore(clock);
    }
}
