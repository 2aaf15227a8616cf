package dev.klink.tokens;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreTenantMatrix;

/** The in-memory store keeps tenants apart and answers another tenant's token as an unknown one. */
class InMemoryTokenStoreTenantMatrixTest extends TokenStoreTenantMatrix {

    @Override
    protected TokenStore createStore(MutableClock clock) {
        return new InMemoryTokenStore();
    }
}
