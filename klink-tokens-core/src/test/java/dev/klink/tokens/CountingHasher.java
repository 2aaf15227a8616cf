package dev.klink.tokens;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the calls made to a real hasher, so tests can show a hash is computed without timing anything. */
final class CountingHasher implements TokenHasher {

    private final TokenHasher delegate;
    final AtomicInteger hashCalls = new AtomicInteger();
    final AtomicInteger matchesCalls = new AtomicInteger();

    CountingHasher(TokenHasher delegate) {
        this.delegate = delegate;
    }

    @Override
    public String primaryScheme() {
        return delegate.primaryScheme();
    }

    @Override
    public byte[] hash(String token) {
        hashCalls.incrementAndGet();
        return delegate.hash(token);
    }

    @Override
    public boolean matches(String token, String scheme, byte[] expected) {
        matchesCalls.incrementAndGet();
        return delegate.matches(token, scheme, expected);
    }

    @Override
    public String toString() {
        return "Counting" + delegate;
    }
}
