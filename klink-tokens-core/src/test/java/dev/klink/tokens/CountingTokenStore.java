package dev.klink.tokens;

import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Delegates to an {@link InMemoryTokenStore}, counting every call by method name, keeping the usage rows that were
 * written, and throwing {@link TokenStoreUnavailableException} from the methods a test marks as failing.
 */
final class CountingTokenStore implements TokenStore {

    static final String ALL = "*";

    private final InMemoryTokenStore delegate = new InMemoryTokenStore();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<UsageUpdate> writtenUsage = new CopyOnWriteArrayList<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, CountDownLatch> called = new ConcurrentHashMap<>();
    private volatile Supplier<RuntimeException> error =
            () -> new TokenStoreUnavailableException("test store is down");

    /** How often {@code method} was called, failed calls included. */
    int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    void resetCounts() {
        calls.clear();
        writtenUsage.clear();
    }

    /** Makes these methods (or {@link #ALL}) throw until {@link #heal()}. */
    void failOn(String... methods) {
        failing.addAll(List.of(methods));
    }

    /** Makes these methods throw what {@code error} supplies until {@link #heal()}. */
    void failWith(Supplier<RuntimeException> error, String... methods) {
        this.error = error;
        failing.addAll(List.of(methods));
    }

    void heal() {
        failing.clear();
        error = () -> new TokenStoreUnavailableException("test store is down");
    }

    /** Every usage row handed to the store by a successful {@code recordUsage} call, in order. */
    List<UsageUpdate> writtenUsage() {
        return List.copyOf(writtenUsage);
    }

    /** The row as stored, bypassing the counters. */
    StoredToken row(String id) {
        return delegate.findById(id).orElseThrow();
    }

    /** Waits until a call of {@code method} has completed on any thread; false if none did within the timeout. */
    boolean awaitCall(String method, Duration timeout) throws InterruptedException {
        return latch(method).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private CountDownLatch latch(String method) {
        return called.computeIfAbsent(method, key -> new CountDownLatch(1));
    }

    private <T> T done(String method, T result) {
        latch(method).countDown();
        return result;
    }

    private void enter(String method) {
        calls.computeIfAbsent(method, key -> new AtomicInteger()).incrementAndGet();
        if (failing.contains(method) || failing.contains(ALL)) {
            throw error.get();
        }
    }

    @Override
    public void insert(StoredToken token) {
        enter("insert");
        delegate.insert(token);
        done("insert", token);
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        enter("findById");
        return done("findById", delegate.findById(id));
    }

    @Override
    public Optional<StoredToken> find(String tenantId, String id) {
        enter("find");
        return done("find", delegate.find(tenantId, id));
    }

    @Override
    public Page<StoredToken> listByOwner(String tenantId, String ownerId, PageRequest page) {
        enter("listByOwner");
        return done("listByOwner", delegate.listByOwner(tenantId, ownerId, page));
    }

    @Override
    public Page<StoredToken> listByTenant(String tenantId, PageRequest page) {
        enter("listByTenant");
        return done("listByTenant", delegate.listByTenant(tenantId, page));
    }

    @Override
    public long countActiveByOwner(String tenantId, String ownerId, Instant now) {
        enter("countActiveByOwner");
        return done("countActiveByOwner", delegate.countActiveByOwner(tenantId, ownerId, now));
    }

    @Override
    public boolean revoke(String tenantId, String id, Revocation revocation) {
        enter("revoke");
        return done("revoke", delegate.revoke(tenantId, id, revocation));
    }

    @Override
    public int revokeAllByOwner(String tenantId, String ownerId, Revocation revocation) {
        enter("revokeAllByOwner");
        return done("revokeAllByOwner", delegate.revokeAllByOwner(tenantId, ownerId, revocation));
    }

    @Override
    public int revokeAllByTenant(String tenantId, Revocation revocation) {
        enter("revokeAllByTenant");
        return done("revokeAllByTenant", delegate.revokeAllByTenant(tenantId, revocation));
    }

    @Override
    public boolean markRotated(String tenantId, String oldId, String newId, Revocation revocation) {
        enter("markRotated");
        return done("markRotated", delegate.markRotated(tenantId, oldId, newId, revocation));
    }

    @Override
    public void recordUsage(Collection<UsageUpdate> updates) {
        enter("recordUsage");
        delegate.recordUsage(updates);
        writtenUsage.addAll(updates);
        done("recordUsage", updates);
    }

    @Override
    public void updateHash(String id, String hashScheme, byte[] hash) {
        enter("updateHash");
        delegate.updateHash(id, hashScheme, hash);
        done("updateHash", id);
    }

    @Override
    public int deleteInactiveBefore(Instant cutoff) {
        enter("deleteInactiveBefore");
        return done("deleteInactiveBefore", delegate.deleteInactiveBefore(cutoff));
    }

    @Override
    public List<StoredToken> findExpiring(Instant from, Instant until) {
        enter("findExpiring");
        return done("findExpiring", delegate.findExpiring(from, until));
    }

    @Override
    public List<DailyUsage> usageByDay(String tenantId, String tokenId, LocalDate from, LocalDate to) {
        enter("usageByDay");
        return done("usageByDay", delegate.usageByDay(tenantId, tokenId, from, to));
    }

    @Override
    public int deleteUsageBefore(LocalDate day) {
        enter("deleteUsageBefore");
        return done("deleteUsageBefore", delegate.deleteUsageBefore(day));
    }

    @Override
    public String toString() {
        return "CountingTokenStore[" + delegate + "]";
    }
}
