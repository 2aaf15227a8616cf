package dev.klink.tokens;

import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last-used tracking that costs the store nothing per request. A verification only updates memory; a flush writes
 * the latest use of each changed token in one batch, at most once per token per interval. A failed write is logged
 * and retried by the next flush; it never reaches the request that caused it. Re-hashes of tokens that verified
 * under an older key ride along.
 */
final class UsageRecorder {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    /**
     * A use as the store gets it: its time cut to microseconds, the precision databases store, so that
     * {@code lastUsedAt} reads the same before and after it is written.
     */
    record Usage(Instant at, @Nullable String clientIp) {
        Usage {
            at = at.truncatedTo(ChronoUnit.MICROS);
        }
    }

    private record Rehash(String scheme, byte[] hash) {
    }

    /** The last valid result of a token and the stored token it was made from. */
    private record Reuse(StoredToken source, VerificationResult.Valid result) {
    }

    /**
     * One token's latest use. A use updates fields under the entry's lock rather than replacing an object, so that
     * recording it allocates nothing: the time is the verification's own {@code Instant}, cut to microseconds only
     * when read or written.
     */
    static final class Entry {
        /** The latest use; guarded by this entry's lock. */
        private Instant latestAt;
        private @Nullable String latestIp;
        /** Counts the changes of the latest use, from 1; guarded by this entry's lock. */
        private long version = 1;
        /** The version the store holds (as far as this node knows); written under the flush lock. */
        private volatile long writtenVersion;
        /** When that version was written; guarded by the flush lock. */
        private @Nullable Instant writtenAt;
        private volatile @Nullable Reuse reuse;

        Entry(Instant at, @Nullable String clientIp) {
            this.latestAt = at;
            this.latestIp = clientIp;
        }

        /** Makes this use the latest if it is later (or as late, from another address); whether it did. */
        synchronized boolean offer(Instant at, @Nullable String clientIp) {
            if (at.isAfter(latestAt) || (at.equals(latestAt) && !Objects.equals(clientIp, latestIp))) {
                latestAt = at;
                latestIp = clientIp;
                version++;
                return true;
            }
            return false;
        }

        synchronized Usage latest() {
            return new Usage(latestAt, latestIp);
        }

        synchronized boolean pending() {
            return version != writtenVersion;
        }

        /**
         * The valid result this token got last, when {@code stored} gives the very same principal (same ids, name,
         * abilities and expiry): a token used again then yields the same immutable result instead of a new one.
         */
        VerificationResult.@Nullable Valid resultFor(StoredToken stored, AbilityCatalog catalog) {
            Reuse last = reuse;
            if (last == null) {
                return null;
            }
            return last.source() == stored || last.result().principal().isPrincipalOf(stored, catalog)
                    ? last.result() : null;
        }

        void keepResult(StoredToken stored, VerificationResult.Valid result) {
            reuse = new Reuse(stored, result);
        }
    }

    private final TokenStore store;
    private final Clock clock;
    private final Duration interval;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Rehash> rehashes = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();

    UsageRecorder(TokenStore store, Clock clock, Duration interval) {
        this.store = store;
        this.clock = clock;
        this.interval = interval;
    }

    /** The token's entry, if it has a use not yet forgotten; no side effect. */
    @Nullable Entry entry(String tokenId) {
        return entries.get(tokenId);
    }

    /** Notes a successful use. Cheap: no store access. */
    void record(String tokenId, Instant at, @Nullable String clientIp) {
        record(entries.get(tokenId), tokenId, at, clientIp);
    }

    /**
     * Notes a successful use into {@code known}, the token's entry as {@link #entry} gave it (or {@code null}). No
     * store access; a lock only on the token's own entry.
     *
     * @return the entry now holding the use
     */
    Entry record(@Nullable Entry known, String tokenId, Instant at, @Nullable String clientIp) {
        Entry entry = known;
        if (entry == null) {
            entry = entries.computeIfAbsent(tokenId, id -> new Entry(at, clientIp));
        }
        if (entry.offer(at, clientIp) && entries.get(tokenId) != entry) {
            // the entry was evicted meanwhile: record into its successor so that the use is not lost
            return record(null, tokenId, at, clientIp);
        }
        return entry;
    }

    /** Queues a new hash for a token that verified under an older key. */
    void rehash(String tokenId, String scheme, byte[] hash) {
        rehashes.putIfAbsent(tokenId, new Rehash(scheme, hash.clone()));
    }

    /** Whether a re-hash of this token is already queued. */
    boolean rehashPending(String tokenId) {
        return rehashes.containsKey(tokenId);
    }

    /** The latest use this node knows of, written or not. */
    @Nullable Usage latest(String tokenId) {
        Entry entry = entries.get(tokenId);
        return entry == null ? null : entry.latest();
    }

    /** How many tokens have a use not yet written. */
    int pendingCount() {
        int pending = 0;
        for (Entry entry : entries.values()) {
            if (entry.pending()) {
                pending++;
            }
        }
        return pending + rehashes.size();
    }

    /**
     * Writes pending uses in one batch: every token whose last write is at least one interval old, or every pending
     * token when {@code force} (shutdown). Never throws.
     *
     * @return how many usage updates were written
     */
    int flush(boolean force) {
        synchronized (flushLock) {
            flushRehashes();
            Instant now = clock.instant();
            List<UsageUpdate> batch = new ArrayList<>();
            Map<Entry, Long> snapshot = new java.util.IdentityHashMap<>();
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Entry entry = e.getValue();
                Usage latest;
                long version;
                synchronized (entry) {
                    latest = entry.latest();
                    version = entry.version;
                }
                if (version == entry.writtenVersion) {
                    if (entry.writtenAt != null && !now.isBefore(entry.writtenAt.plus(interval))) {
                        evictIdle(e.getKey(), entry);
                    }
                    continue;
                }
                if (force || entry.writtenAt == null || !now.isBefore(entry.writtenAt.plus(interval))) {
                    batch.add(new UsageUpdate(e.getKey(), latest.at(), latest.clientIp()));
                    snapshot.put(entry, version);
                }
            }
            if (batch.isEmpty()) {
                return 0;
            }
            try {
                store.recordUsage(batch);
            } catch (RuntimeException e) {
                log.warn("Could not write last-used times of {} tokens; will retry on the next flush: {}",
                        batch.size(), e.toString());
                return 0;
            }
            snapshot.forEach((entry, version) -> {
                entry.writtenVersion = version;
                entry.writtenAt = now;
            });
            log.debug("Wrote last-used times of {} tokens", batch.size());
            return batch.size();
        }
    }

    private void flushRehashes() {
        for (Map.Entry<String, Rehash> e : rehashes.entrySet()) {
            try {
                store.updateHash(e.getKey(), e.getValue().scheme(), e.getValue().hash());
                rehashes.remove(e.getKey(), e.getValue());
                log.debug("Re-hashed token {} under {}", e.getKey(), e.getValue().scheme());
            } catch (RuntimeException ex) {
                log.warn("Could not re-hash token {}; will retry on the next flush: {}", e.getKey(), ex.toString());
                return;
            }
        }
    }

    /** Forgets a token whose use is written and old, so memory follows active tokens only. */
    private void evictIdle(String tokenId, Entry entry) {
        if (entries.remove(tokenId, entry)) {
            Instant lateAt;
            String lateIp;
            synchronized (entry) {
                if (entry.version == entry.writtenVersion) {
                    return;
                }
                lateAt = entry.latestAt;
                lateIp = entry.latestIp;
            }
            // a use arrived while evicting: put it back so that it is written
            record(tokenId, lateAt, lateIp);
        }
    }
}
