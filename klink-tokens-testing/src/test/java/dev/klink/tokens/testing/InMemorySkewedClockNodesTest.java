package dev.klink.tokens.testing;

import dev.klink.tokens.InMemoryTokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SkewedClockNodes} over one in-memory store: node B's clock 10 s behind node A's. */
class InMemorySkewedClockNodesTest {

    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final SkewedClockNodes nodes = new SkewedClockNodes(node -> store);

    @AfterEach
    void close() {
        nodes.close();
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
