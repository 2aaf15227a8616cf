package dev.klink.tokens.caffeine;

import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.ForwardingTokenStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the reads a verification makes. */
final class CountingStore extends ForwardingTokenStore {

    final AtomicInteger reads = new AtomicInteger();
    private final TokenStore delegate;

    CountingStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    @Override
    protected TokenStore delegate() {
        return delegate;
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        reads.incrementAndGet();
        return super.findById(id);
    }
}
