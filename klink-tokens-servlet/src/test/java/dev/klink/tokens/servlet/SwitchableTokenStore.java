package dev.klink.tokens.servlet;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.ForwardingTokenStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that a test can take down (every call throws) and bring back; counts lookups by id. */
final class SwitchableTokenStore extends ForwardingTokenStore {

    private final InMemoryTokenStore memory = new InMemoryTokenStore();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger lookups = new AtomicInteger();

    void down(boolean isDown) {
        down.set(isDown);
    }

    boolean isDown() {
        return down.get();
    }

    int lookups() {
        return lookups.get();
    }

    @Override
    protected TokenStore delegate() {
        if (down.get()) {
            throw new TokenStoreUnavailableException("the test took the store down");
        }
        return memory;
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        lookups.incrementAndGet();
        return super.findById(id);
    }
}
