package dev.klink.tokens.testing;

import dev.klink.tokens.page.KeysetPage;
import dev.klink.tokens.page.KeysetRequest;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.InvalidationChannel;
import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenFilter;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A {@link TokenStore} that passes every call to another one, for tests that change a few calls: count them, fail
 * them, slow them down or alter what they store (as Guava's {@code ForwardingMap}). Override what the test needs;
 * everything else reaches {@link #delegate()} unchanged, {@link TokenStore#insertWithinLimit} included (so
 * overriding {@link #insert} leaves it alone).
 *
 * <pre>{@code
 * InMemoryTokenStore memory = new InMemoryTokenStore();
 * TokenStore lookupsFail = new ForwardingTokenStore() {
 *     protected TokenStore delegate() {
 *         return memory;
 *     }
 *
 *     public Optional<StoredToken> findById(String id) {
 *         throw new TokenStoreUnavailableException("down for the test");
 *     }
 * };
 * }</pre>
 */
public abstract class ForwardingTokenStore implements TokenStore {

    protected ForwardingTokenStore() {
    }

    /**
     * The store a call is passed to, asked on every call: a subclass can fail or switch every method in this one
     * place.
     */
    protected abstract TokenStore delegate();

    @Override
    public void insert(StoredToken token) {
        delegate().insert(token);
    }

    @Override
    public boolean insertWithinLimit(StoredToken token, long maxActive, Instant now) {
        return delegate().insertWithinLimit(token, maxActive, now);
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        return delegate().findById(id);
    }

    @Override
    public Optional<StoredToken> find(String tenantId, String id) {
        return delegate().find(tenantId, id);
    }

    @Override
    public Page<StoredToken> listByOwner(String tenantId, String ownerId, PageRequest page) {
        return delegate().listByOwner(tenantId, ownerId, page);
    }

    @Override
    public Page<StoredToken> listByTenant(String tenantId, PageRequest page) {
        return delegate().listByTenant(tenantId, page);
    }

    @Override
    public long countActiveByOwner(String tenantId, String ownerId, Instant now) {
        return delegate().countActiveByOwner(tenantId, ownerId, now);
    }

    @Override
    public boolean revoke(String tenantId, String id, Revocation revocation) {
        return delegate().revoke(tenantId, id, revocation);
    }

    @Override
    public int revokeAllByOwner(String tenantId, String ownerId, Revocation revocation) {
        return delegate().revokeAllByOwner(tenantId, ownerId, revocation);
    }

    @Override
    public int revokeAllByTenant(String tenantId, Revocation revocation) {
        return delegate().revokeAllByTenant(tenantId, revocation);
    }

    @Override
    public boolean markRotated(String tenantId, String oldId, String newId, Revocation revocation) {
        return delegate().markRotated(tenantId, oldId, newId, revocation);
    }

    @Override
    public void recordUsage(Collection<UsageUpdate> updates) {
        delegate().recordUsage(updates);
    }

    @Override
    public void updateHash(String id, String hashScheme, byte[] hash) {
        delegate().updateHash(id, hashScheme, hash);
    }

    @Override
    public int deleteInactiveBefore(Instant cutoff) {
        return delegate().deleteInactiveBefore(cutoff);
    }

    @Override
    public List<StoredToken> findExpiring(Instant from, Instant until) {
        return delegate().findExpiring(from, until);
    }

    @Override
    public boolean announcesChangesOn(InvalidationChannel channel) {
        return delegate().announcesChangesOn(channel);
    }

    @Override
    public boolean claimReminder(String tokenId, Duration threshold, Instant at) {
        return delegate().claimReminder(tokenId, threshold, at);
    }

    @Override
    public List<DailyUsage> usageByDay(String tenantId, String tokenId, LocalDate from, LocalDate to) {
        return delegate().usageByDay(tenantId, tokenId, from, to);
    }

    @Override
    public int deleteUsageBefore(LocalDate day) {
        return delegate().deleteUsageBefore(day);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate() + "]";
    }

    @Override
    public KeysetPage<StoredToken> listByTenant(String tenantId, TokenFilter filter, KeysetRequest request) {
        return delegate().listByTenant(tenantId, filter, request);
    }
}
