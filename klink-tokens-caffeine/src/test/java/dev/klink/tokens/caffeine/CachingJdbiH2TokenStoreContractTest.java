package dev.klink.tokens.caffeine;

import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreContract;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The cache in front of the JDBI store on H2 passes the contract every store must pass. */
class CachingJdbiH2TokenStoreContractTest extends TokenStoreContract {

    @Override
    protected TokenStore createStore(MutableClock clock) {
        Jdbi jdbi = Jdbi.create("jdbc:h2:mem:klink-cache-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbiTokenStore store = JdbiTokenStore.create(jdbi);
        store.migrate();
        return CachingTokenStore.builder(store).clock(clock).build();
    }
}
