package dev.klink.tokens.testing;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.spi.TokenStore;

/** {@link SkewedClockNodes} over one in-memory store: node B's clock 10 s behind node A's. */
class InMemorySkewedClockNodesTest extends SkewedClockNodes {

    private final InMemoryTokenStore store = new InMemoryTokenStore();

    @Override
    protected TokenStore storeForNode(String node) {
        return store;
    }
}
