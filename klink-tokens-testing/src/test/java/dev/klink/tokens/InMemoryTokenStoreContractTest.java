package dev.klink.tokens;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreContract;

/** The in-memory store passes the contract every store must pass. */
class InMemoryTokenStoreContractTest extends TokenStoreContract {

    @Override
    protected TokenStore createStore(MutableClock clock) {
        return new InMemoryTokenStore();
    }
}
