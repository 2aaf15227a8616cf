package dev.klink.tokens.servlet;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.Page;
import dev.klink.tokens.PageRequest;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that a test can take down (every call throws) and bring back; counts lookups by id. */
final class SwitchableTokenStore implements TokenStore {

    private final InMemoryTokenStore delegate = new InMemoryTokenStore();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger lookups = new AtomicInteger();

    void down(boolean isDown) {
        down.set(isDown);
    }

    int lookups() {
        return lookups.get();
    }

    private void check() {
        if (down.get()) {
            throw new TokenStoreUnavailableException("the test took the store down");
        }
    }

    @Override
    public void insert(StoredToken token) {
        check();
        delegate.insert(token);
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        lookups.incrementAndGet();
        check();
        return delegate.findById(id);
    }

    @Override
    public Optional<StoredToken> find(String tenantId, String id) {
        check();
        return delegate.find(tenantId, id);
    }

    @Override
    public Page<StoredToken> listByOwner(String tenantId, String ownerId, PageRequest page) {
        check();
        return delegate.listByOwner(tenantId, ownerId, page);
    }

    @Override
    public Page<StoredToken> listByTenant(String tenantId, PageRequest page) {
        check();
        return delegate.listByTenant(tenantId, page);
    }

    @Override
    public long countActiveByOwner(String tenantId, String ownerId, Instant now) {
        check();
        return delegate.countActiveByOwner(tenantId, ownerId, now);
    }

    @Override
    public boolean revoke(String tenantId, String id, Revocation revocation) {
        check();
        return delegate.revoke(tenantId, id, revocation);
    }

    @Override
    public int revokeAllByOwner(String tenantId, String ownerId, Revocation revocation) {
        check();
        return delegate.revokeAllByOwner(tenantId, ownerId, revocation);
    }

    @Override
    public int revokeAllByTenant(String tenantId, Revocation revocation) {
        check();
        return delegate.revokeAllByTenant(tenantId, revocation);
    }

    @Override
    public boolean markRotated(String tenantId, String oldId, String newId, Revocation revocation) {
        check();
        return delegate.markRotated(tenantId, oldId, newId, revocation);
    }

    @Override
    public void recordUsage(Collection<UsageUpdate> updates) {
        check();
        delegate.recordUsage(updates);
    }

    @Override
    public void updateHash(String id, String hashScheme, byte[] hash) {
        check();
        delegate.updateHash(id, hashScheme, hash);
    }

    @Override
    public int deleteInactiveBefore(Instant cutoff) {
        check();
        return delegate.deleteInactiveBefore(cutoff);
    }

    @Override
    public List<StoredToken> findExpiring(Instant from, Instant until) {
        check();
        return delegate.findExpiring(from, until);
    }
}
