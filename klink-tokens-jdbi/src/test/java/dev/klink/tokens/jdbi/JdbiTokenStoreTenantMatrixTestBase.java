package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreTenantMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** The tenant matrix of the store SPI, on the database a subclass opens. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbiTokenStoreTenantMatrixTestBase extends TokenStoreTenantMatrix {

    private final ClassSchema schema = new ClassSchema(this::openDatabase);

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
