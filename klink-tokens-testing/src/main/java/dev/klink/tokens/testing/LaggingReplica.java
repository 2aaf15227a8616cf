package dev.klink.tokens.testing;

import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A store and a read replica of it that lags by a fixed delay, as a replicated database does: the replica answers
 * with each row as the store held it {@code lag} ago on {@code clock}. For tests of code that reads a replica, such
 * as a verification cache that must not cache a row the replica has not caught up on.
 *
 * <pre>{@code
 * LaggingReplica replication = LaggingReplica.of(new InMemoryTokenStore(), clock, Duration.ofSeconds(2));
 * TokenStore primary = replication.primary();   // write here
 * TokenStore replica = replication.replica();   // reads here see the writes 2 s later on the clock
 * }</pre>
 *
 * Every write must go through {@link #primary()}: after each one, the rows it may have changed are read back and
 * kept with the clock's time (after a bulk write, every row written so far), so keep tests to a few thousand tokens.
 * The replica answers {@link TokenStore#findById} and {@link TokenStore#find}; it refuses writes and other reads.
 * Thread-safe.
 */
public final class LaggingReplica {

    private final TokenStore store;
    private final Clock clock;
    private final Duration lag;
    private final TokenStore primary = new Primary();
    private final TokenStore replica = new Replica();
    /** Every row each id had, oldest first, with the time it was written; guarded by {@code this}. */
    private final Map<String, List<Version>> history = new HashMap<>();

    private record Version(Instant from, @Nullable StoredToken row) {
    }

    private LaggingReplica(TokenStore store, Clock clock, Duration lag) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lag = Objects.requireNonNull(lag, "lag");
        if (lag.isNegative()) {
            throw new IllegalArgumentException("lag must not be negative, was " + lag);
        }
    }

    /** A replica of {@code store} that shows, at each instant of {@code clock}, the store as of {@code lag} before. */
    public static LaggingReplica of(TokenStore store, Clock clock, Duration lag) {
        return new LaggingReplica(store, clock, lag);
    }

    /** The store, for writes (and reads of the present). */
    public TokenStore primary() {
        return primary;
    }

    /** The replica: reads by id answered as of {@code lag} ago. */
    public TokenStore replica() {
        return replica;
    }

    public Duration lag() {
        return lag;
    }

    /** Keeps the present rows of {@code ids} where they differ from the last kept. */
    private synchronized void written(Collection<String> ids) {
        Instant now = clock.instant();
        for (String id : ids) {
            @Nullable StoredToken row = store.findById(id).orElse(null);
            List<Version> versions = history.computeIfAbsent(id, key -> new ArrayList<>());
            if (versions.isEmpty() || !Objects.equals(versions.get(versions.size() - 1).row(), row)) {
                versions.add(new Version(now, row));
            }
        }
    }

    private synchronized void writtenAll() {
        written(List.copyOf(history.keySet()));
    }

    /** The row of {@code id} as the store held it {@code lag} ago. */
    private synchronized Optional<StoredToken> asOfLagAgo(String id) {
        Instant seen = clock.instant().minus(lag);
        StoredToken row = null;
        for (Version version : history.getOrDefault(id, List.of())) {
            if (version.from().isAfter(seen)) {
                break;
            }
            row = version.row();
        }
        return Optional.ofNullable(row);
    }

    /** The store, keeping what each write changed. */
    private final class Primary extends ForwardingTokenStore {

        @Override
        protected TokenStore delegate() {
            return store;
        }

        @Override
        public void insert(StoredToken token) {
            try {
                super.insert(token);
            } finally {
                written(Set.of(token.id()));
            }
        }

        @Override
        public boolean insertWithinLimit(StoredToken token, long maxActive, Instant now) {
            try {
                return super.insertWithinLimit(token, maxActive, now);
            } finally {
                written(Set.of(token.id()));
            }
        }

        @Override
        public boolean revoke(String tenantId, String id, Revocation revocation) {
            try {
                return super.revoke(tenantId, id, revocation);
            } finally {
                written(Set.of(id));
            }
        }

        @Override
        public int revokeAllByOwner(String tenantId, String ownerId, Revocation revocation) {
            try {
                return super.revokeAllByOwner(tenantId, ownerId, revocation);
            } finally {
                writtenAll();
            }
        }

        @Override
        public int revokeAllByTenant(String tenantId, Revocation revocation) {
            try {
                return super.revokeAllByTenant(tenantId, revocation);
            } finally {
                writtenAll();
            }
        }

        @Override
        public boolean markRotated(String tenantId, String oldId, String newId, Revocation revocation) {
            try {
                return super.markRotated(tenantId, oldId, newId, revocation);
            } finally {
                written(List.of(oldId, newId));
            }
        }

        @Override
        public void recordUsage(Collection<UsageUpdate> updates) {
            try {
                super.recordUsage(updates);
            } finally {
                written(updates.stream().map(UsageUpdate::tokenId).toList());
            }
        }

        @Override
        public void updateHash(String id, String hashScheme, byte[] hash) {
            try {
                super.updateHash(id, hashScheme, hash);
            } finally {
                written(Set.of(id));
            }
        }

        @Override
        public int deleteInactiveBefore(Instant cutoff) {
            try {
                return super.deleteInactiveBefore(cutoff);
            } finally {
                writtenAll();
            }
        }

        @Override
        public String toString() {
            return "LaggingReplica.primary[" + store + "]";
        }
    }

    /** Reads by id as of {@code lag} ago; nothing else. */
    private final class Replica extends ForwardingTokenStore {

        @Override
        protected TokenStore delegate() {
            throw new UnsupportedOperationException("the replica of a LaggingReplica answers findById and find only");
        }

        @Override
        public Optional<StoredToken> findById(String id) {
            return asOfLagAgo(id);
        }

        @Override
        public Optional<StoredToken> find(String tenantId, String id) {
            return asOfLagAgo(id).filter(token -> token.tenantId().equals(tenantId));
        }

        @Override
        public String toString() {
            return "LaggingReplica.replica[lag=" + lag + "]";
        }
    }
}
