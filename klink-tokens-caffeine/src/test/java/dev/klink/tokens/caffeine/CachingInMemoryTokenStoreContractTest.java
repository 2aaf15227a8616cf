package dev.klink.tokens.caffeine;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreContract;

/** The cache in front of the in-memory store passes the contract every store must pass. */
class CachingInMemoryTokenStoreContractTest extends TokenStoreContract {

    @Override
    protected TokenStore createStore(MutableClock clock) {
        return CachingTokenStore.builder(new InMemoryTokenStore()).clock(clock).build();
    }
}
