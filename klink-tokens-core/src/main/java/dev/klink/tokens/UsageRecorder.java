package dev.klink.tokens;

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
     * The latest use; replaced, never mutated. Its time is cut to microseconds, the precision databases store, so
     * that {@code lastUsedAt} reads the same before and after it is written.
     */
    record Usage(Instant at, @Nullable String clientIp) {
        Usage {
            at = at.truncatedTo(ChronoUnit.MICROS);
        }
    }

    private record Rehash(String scheme, byte[] hash) {
    }

    private static final class Entry {
        volatile Usage latest;
        /** What the store holds (as far as this node knows); guarded by the flush lock. */
        @Nullable Usage written;
        @Nullable Instant writtenAt;

        Entry(Usage latest) {
            this.latest = latest;
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

    /** Notes a successful use. Cheap and lock-free: no store access. */
    void record(String tokenId, Instant at, @Nullable String clientIp) {
        Entry entry = entries.get(tokenId);
        if (entry == null) {
            entry = entries.computeIfAbsent(tokenId, id -> new Entry(new Usage(at, clientIp)));
        }
        Usage current = entry.latest;
        if (at.isAfter(current.at()) || (at.equals(current.at()) && !Objects.equals(clientIp, current.clientIp()))) {
            synchronized (entry) {
                if (!at.isBefore(entry.latest.at())) {
                    entry.latest = new Usage(at, clientIp);
                }
            }
            if (entries.get(tokenId) != entry) {
                // the entry was evicted meanwhile: record into its successor so that the use is not lost
                record(tokenId, at, clientIp);
            }
        }
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
        return entry == null ? null : entry.latest;
    }

    /** How many tokens have a use not yet written. */
    int pendingCount() {
        int pending = 0;
        for (Entry entry : entries.values()) {
            if (entry.latest != entry.written) {
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
            Map<Entry, Usage> snapshot = new java.util.IdentityHashMap<>();
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Entry entry = e.getValue();
                Usage latest = entry.latest;
                if (latest == entry.written) {
                    if (entry.writtenAt != null && !now.isBefore(entry.writtenAt.plus(interval))) {
                        evictIdle(e.getKey(), entry);
                    }
                    continue;
                }
                if (force || entry.writtenAt == null || !now.isBefore(entry.writtenAt.plus(interval))) {
                    batch.add(new UsageUpdate(e.getKey(), latest.at(), latest.clientIp()));
                    snapshot.put(entry, latest);
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
            snapshot.forEach((entry, usage) -> {
                entry.written = usage;
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
        if (entries.remove(tokenId, entry) && entry.latest != entry.written) {
            // a use arrived while evicting: put it back so that it is written
            Usage late = entry.latest;
            record(tokenId, late.at(), late.clientIp());
        }
    }
}
