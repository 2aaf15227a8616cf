package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.SkewedClockNodes;

/** {@link SkewedClockNodes} over one database, each node with its own Jdbi and store as separate JVMs would have. */
abstract class SkewedClockNodesTestBase extends SkewedClockNodes {

    private TestDatabase database;

    abstract TestDatabase database();

    @Override
    protected TokenStore storeForNode(String node) {
        if (database == null) {
            database = database();
            database.dropSchema();
            database.createSchema();
        }
        return JdbiTokenStore.builder(database.newJdbi()).tablePrefix(database.tablePrefix()).build();
    }

    @Override
    protected void nodesStopped() {
        if (database != null) {
            database.dropSchema();
        }
    }
}
