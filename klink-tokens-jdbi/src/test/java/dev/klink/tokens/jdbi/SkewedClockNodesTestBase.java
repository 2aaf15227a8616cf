package dev.klink.tokens.jdbi;

import dev.klink.tokens.testing.SkewedClockNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SkewedClockNodes} over one database, each node with its own Jdbi and store as separate JVMs would have. */
abstract class SkewedClockNodesTestBase {

    private TestDatabase database;
    private SkewedClockNodes nodes;

    abstract TestDatabase database();

    @BeforeEach
    void startNodes() {
        database = database();
        database.createSchema();
        nodes = new SkewedClockNodes(node -> JdbiTokenStore.builder(database.newJdbi())
                .tablePrefix(database.tablePrefix()).build());
    }

    @AfterEach
    void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
        if (database != null) {
            database.dropSchema();
        }
    }

    @Test
    void revokeOnAThenRevokedOnLaggingB() {
        nodes.revokeOnAThenRevokedOnLaggingB();
    }

    @Test
    void revokeAllForOwnerOnAThenRevokedOnLaggingB() {
        nodes.revokeAllForOwnerOnAThenRevokedOnLaggingB();
    }

    @Test
    void revokeAllForTenantOnAThenRevokedOnLaggingB() {
        nodes.revokeAllForTenantOnAThenRevokedOnLaggingB();
    }

    @Test
    void rotateWithoutGraceOnAThenOldRevokedOnLaggingB() {
        nodes.rotateWithoutGraceOnAThenOldRevokedOnLaggingB();
    }

    @Test
    void rotateWithGraceOnAThenOldValidOnLaggingBUntilItsClockPassesTheGrace() {
        nodes.rotateWithGraceOnAThenOldValidOnLaggingBUntilItsClockPassesTheGrace();
    }
}
