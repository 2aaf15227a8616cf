package dev.klink.tokens.servlet;

import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.caffeine.CachingTokenStore;
import dev.klink.tokens.spi.InvalidationChannel;
import dev.klink.tokens.spi.TokenStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a test puts between its service and its store, so that one suite runs against each. */
enum StoreFront {

    /** The service reads the store on every verification. */
    DIRECT {
        @Override
        TokenStore inFrontOf(SwitchableTokenStore store, Clock clock) {
            return store;
        }
    },

    /**
     * A verification cache with an invalidation channel that lives in the same database as the store: connected
     * while the store is up, so that a store taken down is also a channel down and the cache is not trusted.
     */
    CACHED {
        @Override
        TokenStore inFrontOf(SwitchableTokenStore store, Clock clock) {
            return CachingTokenStore.builder(store).clock(clock).invalidationChannel(new SameDatabaseChannel(store))
                    .build();
        }
    };

    abstract TokenStore inFrontOf(SwitchableTokenStore store, Clock clock);

    /** One node's channel over the test's store: delivers to itself, fails while the store is down. */
    private static final class SameDatabaseChannel implements InvalidationChannel {

        private final SwitchableTokenStore store;
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();

        SameDatabaseChannel(SwitchableTokenStore store) {
            this.store = store;
        }

        @Override
        public void publish(String tokenId) {
            reachable();
            listeners.forEach(listener -> listener.invalidate(tokenId));
        }

        @Override
        public void publishAll() {
            reachable();
            listeners.forEach(Listener::invalidateAll);
        }

        private void reachable() {
            if (store.isDown()) {
                throw new TokenStoreUnavailableException("the test took the store down");
            }
        }

        @Override
        public void subscribe(Listener listener) {
            listeners.add(listener);
        }

        @Override
        public boolean isConnected() {
            return !store.isDown();
        }

        @Override
        public void close() {
            listeners.clear();
        }
    }
}
