package dev.klink.tokens.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A verification cache in front of any {@link TokenStore}: {@link #findById} (the one read of a verification) is
 * answered from memory; every other read and every write goes to the store.
 *
 * <pre>{@code
 * TokenStore store = CachingTokenStore.builder(jdbiStore).maximumSize(10_000).timeToLive(Duration.ofSeconds(10))
 *         .build();
 * TokenService tokens = TokenService.builder(store).build();
 * }</pre>
 *
 * <h2>What is cached</h2>
 * A found token is kept as the stored row, never as a verdict: the service evaluates expiry, revocation and
 * abilities against its clock on every request, so a token that expires while cached stops working on time. An
 * unknown id is remembered in a separate, smaller negative cache with a short time to live, so that a bad token
 * replayed many times costs one store read per id and time to live, and unknown ids never push found tokens out.
 * A failed store read is never cached.
 *
 * <h2>Staleness</h2>
 * Every change made through this store evicts what it changed before it returns: revoke, revoke-all, rotation,
 * re-hash, usage writes, prune, insert. A revocation made through this node's service is therefore seen by its
 * very next verification. A change made by another node reaches this one when the entry expires, at most
 * {@link Builder#timeToLive} later, or as soon as an {@link Builder#invalidationChannel invalidation channel}
 * delivers it (while the channel is down, the cache is bypassed). A read racing a change never re-caches what the change replaced: each change
 * bumps a generation, and a read that saw the generation move keeps its row out of the cache.
 *
 * <h2>Read replicas</h2>
 * With {@link Builder#readReplica readReplica(replica, maxLag)}, a miss reads the token from a read replica of the
 * store, which may lag the store by up to {@code maxLag}. A node that refills its cache right after an invalidation
 * could then read a row the replica has not caught up on and cache, say, a revoked token as active until its time to
 * live. The rule that rules this out: <b>a miss reads the store itself, never the replica, for an id this node
 * evicted (by its own change or a message of the channel) less than {@code maxLag} ago, and for every id less than
 * {@code maxLag} after the cache was built, after it evicted tokens it cannot name (a revoke-all or a prune of this
 * node, an {@link InvalidationChannel.Listener#invalidateAll() invalidate-all} of the channel, a reconnection of the
 * channel), or while the channel is down.</b> The store commits a change before anyone announces it, so by the time
 * that window closes the replica holds the change too; a read that started before the eviction and ends after it
 * keeps its row out of the cache (the generation moved). Writes, and every read other than {@link #findById}
 * (dashboard lists, the reads of a rotation), always go to the store. The rule holds as long as the replica's lag
 * stays under {@code maxLag}: set it to the longest lag your replication allows before you would take the replica
 * out of service.
 *
 * <p>Thread-safe.
 */
public final class CachingTokenStore implements TokenStore {

    /** How many recently changed ids are remembered one by one; past that, every miss reads the store a while. */
    private static final long RECENTLY_CHANGED_LIMIT = 100_000;

    /** The value of a negative-cache entry: only the key matters. */
    private static final Boolean UNKNOWN = Boolean.TRUE;

    private final TokenStore delegate;
    /** Where a miss reads unless the id changed lately: the read replica, or the store itself. */
    private final TokenStore reads;
    /** Ids evicted less than the replica's lag ago: their misses read the store. Empty without a replica. */
    private final Cache<String, Boolean> recentlyChanged;
    /** Until when (ticker time) every miss reads the store: after an eviction of tokens nobody named. */
    private final AtomicLong everythingChangedUntil = new AtomicLong();
    private final Ticker ticker;
    private final long replicaLagNanos;
    /** Found tokens with the time they were read; their age is judged on each hit (see {@link Held}). */
    private final Cache<String, Held> found;
    private final long timeToLiveNanos;
    private final Clock clock;
    private final Cache<String, Boolean> unknown;
    /** Moves on every change, before its eviction, so that a read running across a change does not cache. */
    private final AtomicLong generation = new AtomicLong();
    private final Builder settings;
    private final @Nullable InvalidationChannel channel;
    /** Whether the store announces its changes on the channel itself, in their transactions: then this does not. */
    private final boolean announcedByStore;
    /** Set while reads bypass the cache because the channel is down; cleared (and the cache dropped) after. */
    private final AtomicBoolean bypassing = new AtomicBoolean();

    private CachingTokenStore(Builder builder) {
        this.delegate = builder.delegate;
        this.settings = builder;
        Ticker ticker = ticker(builder.clock);
        this.reads = builder.replica == null ? builder.delegate : builder.replica;
        this.ticker = ticker;
        this.replicaLagNanos = builder.replicaLag.toNanos();
        this.recentlyChanged = Caffeine.newBuilder().expireAfterWrite(replicaLagNanos, TimeUnit.NANOSECONDS)
                .ticker(ticker).build();
        // messages published before this node subscribed were missed: read the store until the replica has them
        everythingChangedUntil.set(ticker.read() + replicaLagNanos);
        // no expiry policy: Caffeine would read its ticker on every hit, which costs as much here as the clock
        // read the verification makes anyway; the age is judged against the verification's time instead. The
        // upkeep runs on the calling thread, which is cheaper than handing it to a pool on every few reads.
        this.found = Caffeine.newBuilder().maximumSize(builder.maximumSize).executor(Runnable::run).build();
        this.timeToLiveNanos = builder.timeToLive.toNanos();
        this.clock = builder.clock;
        this.unknown = Caffeine.newBuilder().maximumSize(builder.negativeMaximumSize)
                .expireAfterWrite(builder.negativeTimeToLive.toNanos(), TimeUnit.NANOSECONDS).ticker(ticker)
                .executor(Runnable::run).build();
        this.channel = builder.channel;
        this.announcedByStore = channel != null && delegate.announcesChangesOn(channel);
        if (channel != null) {
            channel.subscribe(new Subscriber());
        }
    }

    /** A builder over {@code delegate}, the store that holds the tokens; every other setting has a default. */
    public static Builder builder(TokenStore delegate) {
        return new Builder(delegate);
    }

    /** The store this cache reads through. */
    public TokenStore delegate() {
        return delegate;
    }

    private static Ticker ticker(Clock clock) {
        if (clock.equals(Clock.systemUTC())) {
            return Ticker.systemTicker();
        }
        return () -> nanos(clock.instant());
    }

    // ---------------------------------------------------------------- the cached read

    /**
     * The token from the cache, or from the store (then cached). An id the store does not know is remembered as
     * unknown for the negative time to live.
     */
    @Override
    public Optional<StoredToken> findById(String id) {
        return findById(id, clock.instant());
    }

    /**
     * As {@link #findById(String)}, judging the age of a cached token by {@code now}, the verifying service's time
     * (build the cache with the service's clock). A token read less than the time to live before {@code now} is
     * answered from memory; one read at or after {@code now} (the clock was set back) is read again.
     */
    @Override
    public Optional<StoredToken> findById(String id, Instant now) {
        if (!trusted()) {
            return delegate.findById(id); // the store itself: the replica might not hold what the channel missed
        }
        long at = nanos(now);
        Held held = found.getIfPresent(id);
        if (held != null) {
            long age = at - held.readAt;
            if (age >= 0 && age < timeToLiveNanos) {
                return held.present;
            }
            found.asMap().remove(id, held);
        }
        if (unknown.getIfPresent(id) != null) {
            return Optional.empty();
        }
        long before = generation.get();
        // the source is chosen after reading the generation: an eviction that this choice misses moves it
        Optional<StoredToken> read = source(id).findById(id);
        if (read.isPresent()) {
            Held fresh = new Held(read, at);
            // under the entry's lock: an eviction either follows this (and removes it) or has moved the generation
            found.asMap().compute(id, (key, current) -> generation.get() == before ? fresh : current);
        } else {
            unknown.asMap().compute(id, (key, current) -> generation.get() == before ? UNKNOWN : current);
        }
        return read;
    }

    /** A found token, kept as the {@code Optional} a hit answers, and when it was read (nanoseconds since the epoch). */
    private record Held(Optional<StoredToken> present, long readAt) {
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** The replica, unless the id (or everything) was evicted less than the replica's lag ago: then the store. */
    private TokenStore source(String id) {
        if (reads == delegate) {
            return delegate;
        }
        if (ticker.read() - everythingChangedUntil.get() < 0 || recentlyChanged.getIfPresent(id) != null) {
            return delegate;
        }
        return reads;
    }

    /** Called before the generation moves, so that a read choosing its source after that sees the mark. */
    private void changedLately(String id) {
        if (reads == delegate) {
            return;
        }
        if (recentlyChanged.estimatedSize() >= RECENTLY_CHANGED_LIMIT) {
            everythingChangedLately(); // a flood of changes: bounded memory, at the price of reading the store
        } else {
            recentlyChanged.put(id, Boolean.TRUE);
        }
    }

    private void everythingChangedLately() {
        if (reads == delegate) {
            return;
        }
        long until = ticker.read() + replicaLagNanos;
        everythingChangedUntil.accumulateAndGet(until, (current, next) -> next - current > 0 ? next : current);
    }

    // ---------------------------------------------------------------- writes: store first, then evict, announce

    @Override
    public void insert(StoredToken token) {
        change(() -> {
            delegate.insert(token);
            return null;
        }, () -> evict(token.id()), channel -> channel.publish(token.id()));
    }

    @Override
    public boolean insertWithinLimit(StoredToken token, long maxActive, Instant now) {
        return change(() -> delegate.insertWithinLimit(token, maxActive, now), () -> evict(token.id()),
                channel -> channel.publish(token.id()));
    }

    @Override
    public boolean revoke(String tenantId, String id, Revocation revocation) {
        return change(() -> delegate.revoke(tenantId, id, revocation), () -> evict(id),
                channel -> channel.publish(id));
    }

    /** Evicts the owner's tokens here; other nodes, which may cache tokens this one does not, drop everything. */
    @Override
    public int revokeAllByOwner(String tenantId, String ownerId, Revocation revocation) {
        return change(() -> delegate.revokeAllByOwner(tenantId, ownerId, revocation),
                () -> evictWhere(token -> token.tenantId().equals(tenantId) && token.ownerId().equals(ownerId)),
                InvalidationChannel::publishAll);
    }

    /** Evicts the tenant's tokens here; other nodes drop everything. */
    @Override
    public int revokeAllByTenant(String tenantId, Revocation revocation) {
        return change(() -> delegate.revokeAllByTenant(tenantId, revocation),
                () -> evictWhere(token -> token.tenantId().equals(tenantId)), InvalidationChannel::publishAll);
    }

    @Override
    public boolean markRotated(String tenantId, String oldId, String newId, Revocation revocation) {
        return change(() -> delegate.markRotated(tenantId, oldId, newId, revocation), () -> {
            evict(oldId);
            evict(newId);
        }, channel -> {
            channel.publish(oldId);
            channel.publish(newId);
        });
    }

    /**
     * Writes through, then evicts the tokens written, so that their cached rows show the new last use. Not
     * announced: another node may show an older last use until its entry expires.
     */
    @Override
    public void recordUsage(Collection<UsageUpdate> updates) {
        change(() -> {
            delegate.recordUsage(updates);
            return null;
        }, () -> {
            generation.incrementAndGet();
            for (UsageUpdate update : updates) {
                found.invalidate(update.tokenId());
            }
        }, channel -> { });
    }

    @Override
    public void updateHash(String id, String hashScheme, byte[] hash) {
        change(() -> {
            delegate.updateHash(id, hashScheme, hash);
            return null;
        }, () -> evict(id), channel -> channel.publish(id));
    }

    /** Reads through: counts are not cached, and writing them evicts nothing beyond {@link #recordUsage}. */
    @Override
    public List<DailyUsage> usageByDay(String tenantId, String tokenId, LocalDate from, LocalDate to) {
        return delegate.usageByDay(tenantId, tokenId, from, to);
    }

    /** Deletes through: no cached row holds counts, so nothing is evicted. */
    @Override
    public int deleteUsageBefore(LocalDate day) {
        return delegate.deleteUsageBefore(day);
    }

    /** Not announced: a row pruned here is expired or revoked, so another node's cached copy is refused anyway. */
    @Override
    public int deleteInactiveBefore(Instant cutoff) {
        return change(() -> delegate.deleteInactiveBefore(cutoff),
                () -> evictWhere(token -> (token.expiresAt() != null && token.expiresAt().isBefore(cutoff))
                        || (token.revokedAt() != null && token.revokedAt().isBefore(cutoff))), channel -> { });
    }

    /**
     * Runs {@code write} on the store, then (also when it failed: it may have taken effect) evicts here and announces
     * on the channel. A failure to announce is thrown, or added to the write's failure.
     */
    private <T> T change(Supplier<T> write, Runnable evictHere, Consumer<InvalidationChannel> announce) {
        T result;
        try {
            result = write.get();
        } catch (RuntimeException e) {
            evictHere.run();
            try {
                announce(announce);
            } catch (RuntimeException announceFailure) {
                e.addSuppressed(announceFailure);
            }
            throw e;
        }
        evictHere.run();
        announce(announce);
        return result;
    }

    private void announce(Consumer<InvalidationChannel> announce) {
        if (channel != null && !announcedByStore) {
            announce.accept(channel);
        }
    }

    private void evict(String id) {
        changedLately(id);
        generation.incrementAndGet();
        found.invalidate(id);
        unknown.invalidate(id);
    }

    private void evictWhere(Predicate<StoredToken> changed) {
        everythingChangedLately(); // the store changed tokens this node may not cache, hence cannot name
        generation.incrementAndGet();
        found.asMap().values().removeIf(held -> changed.test(held.present.orElseThrow()));
    }

    private void evictAll() {
        everythingChangedLately();
        generation.incrementAndGet();
        found.invalidateAll();
        unknown.invalidateAll();
    }

    /**
     * Whether the cache may answer now: always without a channel; with one, only while it is connected. The first
     * read that finds the channel connected again after a gap drops everything cached before it.
     */
    private boolean trusted() {
        if (channel == null) {
            return true;
        }
        if (!channel.isConnected()) {
            bypassing.set(true);
            generation.incrementAndGet();
            return false;
        }
        if (bypassing.compareAndSet(true, false)) {
            evictAll();
        }
        return true;
    }

    /** Evicts what other nodes announce. */
    private final class Subscriber implements InvalidationChannel.Listener {

        @Override
        public void invalidate(String tokenId) {
            evict(tokenId);
        }

        @Override
        public void invalidateAll() {
            evictAll();
        }
    }

    // ---------------------------------------------------------------- other reads: always the store

    @Override
    public Optional<StoredToken> find(String tenantId, String id) {
        return delegate.find(tenantId, id);
    }

    @Override
    public Page<StoredToken> listByOwner(String tenantId, String ownerId, PageRequest page) {
        return delegate.listByOwner(tenantId, ownerId, page);
    }

    @Override
    public Page<StoredToken> listByTenant(String tenantId, PageRequest page) {
        return delegate.listByTenant(tenantId, page);
    }

    @Override
    public KeysetPage<StoredToken> listByTenant(String tenantId, TokenFilter filter, KeysetRequest request) {
        return delegate.listByTenant(tenantId, filter, request);
    }

    @Override
    public long countActiveByOwner(String tenantId, String ownerId, Instant now) {
        return delegate.countActiveByOwner(tenantId, ownerId, now);
    }

    @Override
    public List<StoredToken> findExpiring(Instant from, Instant until) {
        return delegate.findExpiring(from, until);
    }

    @Override
    public boolean claimReminder(String tokenId, Duration threshold, Instant at) {
        return delegate.claimReminder(tokenId, threshold, at);
    }

    /** How many found tokens and unknown ids the cache holds now, after pending evictions. */
    long[] sizes() {
        found.cleanUp();
        unknown.cleanUp();
        return new long[] {found.estimatedSize(), unknown.estimatedSize()};
    }

    @Override
    public String toString() {
        return "CachingTokenStore[maximumSize=" + settings.maximumSize + ", timeToLive=" + settings.timeToLive
                + ", negativeMaximumSize=" + settings.negativeMaximumSize + ", negativeTimeToLive="
                + settings.negativeTimeToLive + (channel == null ? "" : ", channel=" + channel) + ", delegate=" + delegate
                + (reads == delegate ? "" : ", replica=" + reads + ", maxReplicaLag=" + settings.replicaLag) + "]";
    }

    /** Settings of a {@link CachingTokenStore}; each setter validates at once. */
    public static final class Builder {

        private final TokenStore delegate;
        private long maximumSize = 10_000;
        private Duration timeToLive = Duration.ofSeconds(10);
        private long negativeMaximumSize = 10_000;
        private Duration negativeTimeToLive = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();
        private @Nullable InvalidationChannel channel;
        private @Nullable TokenStore replica;
        private Duration replicaLag = Duration.ZERO;

        private Builder(TokenStore delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** How many found tokens the cache holds at most (10 000 by default); the least recently used go first. */
        public Builder maximumSize(long maximumSize) {
            this.maximumSize = positive("maximumSize", maximumSize);
            return this;
        }

        /**
         * How long a found token is kept (10 s by default): the longest a change made by another node can go
         * unseen here.
         */
        public Builder timeToLive(Duration timeToLive) {
            this.timeToLive = positive("timeToLive", timeToLive);
            return this;
        }

        /** How many unknown ids the negative cache holds at most (10 000 by default). */
        public Builder negativeMaximumSize(long negativeMaximumSize) {
            this.negativeMaximumSize = positive("negativeMaximumSize", negativeMaximumSize);
            return this;
        }

        /**
         * How long an unknown id is remembered (1 s by default): the longest a token issued on another node with
         * that id can be refused here as unknown.
         */
        public Builder negativeTimeToLive(Duration negativeTimeToLive) {
            this.negativeTimeToLive = positive("negativeTimeToLive", negativeTimeToLive);
            return this;
        }

        /**
         * The clock of the verifying service (the system clock by default). A verification tells the cache its time,
         * read once from the service's clock, and the age of a cached token is judged by it; this clock serves reads
         * that do not, and times the read-replica rule. A cached token whose read time lies ahead of the time it is
         * asked at (the clock was set back) is read again.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where changes are announced to and received from other nodes (none by default). With a channel, every
         * revocation, rotation, revoke-all, re-hash and insert made through this store is published after the store
         * has it (unless the store {@link TokenStore#announcesChangesOn announces it} itself, inside the change's
         * transaction), and what other nodes publish is evicted here; while the channel is not connected, reads bypass the
         * cache, and once it is again the whole cache is dropped. The cache subscribes when built; closing the
         * channel is the caller's.
         */
        public Builder invalidationChannel(InvalidationChannel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Reads verifications that miss the cache from {@code replica}, a read replica of the store that lags it by
         * at most {@code maxLag} (none by default: misses read the store). Writes and every other read still go to
         * the store. A miss for an id evicted less than {@code maxLag} ago, and every miss that long after an
         * eviction of unnamed tokens, after a reconnection of the channel or after the cache was built, reads the
         * store instead, so that a lagging replica never puts a revoked token back into the cache (see the class
         * description).
         */
        public Builder readReplica(TokenStore replica, Duration maxLag) {
            this.replica = Objects.requireNonNull(replica, "replica");
            this.replicaLag = positive("maxLag", maxLag);
            return this;
        }

        public CachingTokenStore build() {
            return new CachingTokenStore(this);
        }

        private static long positive(String setting, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(setting + " must be positive, was " + value);
            }
            return value;
        }

        private static Duration positive(String setting, Duration value) {
            Objects.requireNonNull(value, setting);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(setting + " must be positive, was " + value);
            }
            return value;
        }
    }
}
