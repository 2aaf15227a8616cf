package dev.klink.tokens;

import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 * and retried by the next flush; it never reaches the request that caused it. Each use is also counted on its UTC
 * day, and the counts ride along with the latest use. Re-hashes of tokens that verified under an older key ride
 * along too.
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

    /** The uses of one token on one UTC day not written yet; guarded by the lock of the entry holding it. */
    private static final class DayCount {
        final long epochDay;
        long uses;
        /** Whether the last take found nothing. */
        boolean idle;

        DayCount(long epochDay) {
            this.epochDay = epochDay;
        }
    }

    /** The last valid result of a token and the stored token it was made from. */
    private record Reuse(StoredToken source, VerificationResult.Valid result) {
    }

    /**
     * One token's latest use and its counts. A use updates fields under the entry's lock rather than replacing an
     * object, so that recording it allocates nothing and takes one uncontended lock: the time is the verification's
     * own {@code Instant}, cut to microseconds only when read or written.
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
        /** The day most uses fall on; guarded by this entry's lock. */
        private DayCount today;
        /** Counts of other days (a day that ended, a use stamped late); guarded by this entry's lock. */
        private final List<DayCount> otherDays = new ArrayList<>(1);
        /** Whether the entry left the map; a use made after that must move to its successor. Guarded by the lock. */
        private boolean evicted;

        Entry(Instant at, @Nullable String clientIp) {
            this.latestAt = at;
            this.latestIp = clientIp;
            this.today = new DayCount(epochDay(at));
        }

        /**
         * Counts a use on its day and makes it the latest if it is later; whether the entry still holds it (false
         * once the entry was evicted: the caller then moves it to the token's new entry).
         */
        synchronized boolean use(long epochDay, Instant at, @Nullable String clientIp) {
            dayCount(epochDay).uses++;
            offer(at, clientIp);
            return !evicted;
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
         * Takes over the counts of an evicted entry and the use that found it evicted; whether this entry still holds
         * them (false once it was evicted too, as for {@link #use}).
         */
        synchronized boolean absorb(Map<DayCount, Long> counts, Instant at, @Nullable String clientIp) {
            addCounts(counts);
            offer(at, clientIp);
            return !evicted;
        }

        /** Adds counted uses (taken from an evicted entry, or given back after a failed write). */
        synchronized void addCounts(Map<DayCount, Long> counts) {
            counts.forEach((day, uses) -> dayCount(day.epochDay).uses += uses);
        }

        private DayCount dayCount(long epochDay) {
            if (today.epochDay == epochDay) {
                return today;
            }
            for (DayCount other : otherDays) {
                if (other.epochDay == epochDay) {
                    return other;
                }
            }
            DayCount created = new DayCount(epochDay);
            if (epochDay > today.epochDay) {
                otherDays.add(today);
                today = created;
            } else {
                otherDays.add(created);
            }
            return created;
        }

        /** Whether some counted use is not written yet. */
        synchronized boolean hasCounts() {
            if (today.uses != 0) {
                return true;
            }
            for (DayCount other : otherDays) {
                if (other.uses != 0) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Takes the unwritten counts; each use is taken by one caller only. Days that ended and hold nothing are
         * forgotten.
         */
        synchronized Map<DayCount, Long> takeCounts() {
            Map<DayCount, Long> taken = new java.util.IdentityHashMap<>();
            take(today, taken);
            for (java.util.Iterator<DayCount> it = otherDays.iterator(); it.hasNext();) {
                DayCount other = it.next();
                // forgotten only after two empty takes, so that a use counted while its day ended is not lost
                if (!take(other, taken) && other.idle) {
                    it.remove();
                }
            }
            return taken;
        }

        private static boolean take(DayCount day, Map<DayCount, Long> taken) {
            long uses = day.uses;
            day.uses = 0;
            day.idle = uses == 0;
            if (uses != 0) {
                taken.put(day, uses);
            }
            return uses != 0;
        }

        /** The unwritten counts by epoch day, left in place. */
        synchronized Map<Long, Long> peekCounts() {
            Map<Long, Long> counts = new java.util.HashMap<>();
            counts.merge(today.epochDay, today.uses, Long::sum);
            for (DayCount other : otherDays) {
                counts.merge(other.epochDay, other.uses, Long::sum);
            }
            return counts;
        }

        /**
         * The valid result this token got last, when {@code stored} gives the very same principal (same ids, name,
         * abilities and expiry): a token used again then yields the same immutable result instead of a new one. A
         * row that is a new copy of the same principal (its last use was written, the cache read it again) becomes
         * the one compared by identity next time, so that the comparison of fields runs once per copy.
         */
        VerificationResult.@Nullable Valid resultFor(StoredToken stored, AbilityCatalog catalog) {
            Reuse last = reuse;
            if (last == null) {
                return null;
            }
            if (last.source() == stored) {
                return last.result();
            }
            if (!last.result().principal().isPrincipalOf(stored, catalog)) {
                return null;
            }
            reuse = new Reuse(stored, last.result());
            return last.result();
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
    /** The UTC day (epoch day) old counts were last deleted on; guarded by the flush lock. */
    private long prunedOnDay = Long.MIN_VALUE;

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
        if (!entry.use(epochDay(at), at, clientIp)) {
            // the entry was evicted meanwhile: hand the use and the counts to its successor so that nothing is lost
            return moveTo(tokenId, entry, at, clientIp);
        }
        return entry;
    }

    /** Moves the unwritten counts of an evicted entry, and the use at {@code at}, into the token's current entry. */
    private Entry moveTo(String tokenId, Entry from, Instant at, @Nullable String clientIp) {
        Entry successor = entries.computeIfAbsent(tokenId, id -> new Entry(at, clientIp));
        if (!successor.absorb(from.takeCounts(), at, clientIp)) {
            return moveTo(tokenId, successor, at, clientIp);
        }
        return successor;
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

    /** The uses of this token counted but not written yet, by UTC day; empty when none. */
    Map<LocalDate, Long> pendingCounts(String tokenId) {
        Entry entry = entries.get(tokenId);
        Map<LocalDate, Long> counts = new java.util.HashMap<>();
        if (entry != null) {
            entry.peekCounts().forEach((day, uses) -> {
                if (uses != 0) {
                    counts.merge(LocalDate.ofEpochDay(day), uses, Long::sum);
                }
            });
        }
        return counts;
    }

    /** How many tokens have a use not yet written. */
    int pendingCount() {
        int pending = 0;
        for (Entry entry : entries.values()) {
            if (entry.pending() || entry.hasCounts()) {
                pending++;
            }
        }
        return pending + rehashes.size();
    }

    /**
     * Writes pending uses and their counts per day in one batch: every token whose last write is at least one
     * interval old, or every pending token when {@code force} (shutdown). Once a day, after a write, drops the counts
     * of days older than {@link DailyUsage#RETENTION_DAYS}. Never throws.
     *
     * @return how many usage updates were written
     */
    int flush(boolean force) {
        synchronized (flushLock) {
            flushRehashes();
            Instant now = clock.instant();
            List<UsageUpdate> batch = new ArrayList<>();
            Map<Entry, Long> snapshot = new java.util.IdentityHashMap<>();
            Map<Entry, Map<DayCount, Long>> takenCounts = new java.util.IdentityHashMap<>();
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Entry entry = e.getValue();
                Usage latest;
                long version;
                synchronized (entry) {
                    latest = entry.latest();
                    version = entry.version;
                }
                if (version == entry.writtenVersion && !entry.hasCounts()) {
                    if (entry.writtenAt != null && !now.isBefore(entry.writtenAt.plus(interval))) {
                        evictIdle(e.getKey(), entry);
                    }
                    continue;
                }
                if (force || entry.writtenAt == null || !now.isBefore(entry.writtenAt.plus(interval))) {
                    Map<DayCount, Long> taken = entry.takeCounts();
                    batch.add(new UsageUpdate(e.getKey(), latest.at(), latest.clientIp(), dailyUsage(taken)));
                    snapshot.put(entry, version);
                    takenCounts.put(entry, taken);
                }
            }
            if (batch.isEmpty()) {
                return 0;
            }
            try {
                store.recordUsage(batch);
            } catch (RuntimeException e) {
                // the counts go back where they were taken from, to be written by the next flush
                takenCounts.forEach(Entry::addCounts);
                log.warn("Could not write last-used times of {} tokens; will retry on the next flush: {}",
                        batch.size(), e.toString());
                return 0;
            }
            snapshot.forEach((entry, version) -> {
                entry.writtenVersion = version;
                entry.writtenAt = now;
            });
            log.debug("Wrote last-used times of {} tokens", batch.size());
            pruneCountsOncePerDay(now);
            return batch.size();
        }
    }
    private static List<DailyUsage> dailyUsage(Map<DayCount, Long> taken) {
        List<DailyUsage> counts = new ArrayList<>(taken.size());
        taken.forEach((day, uses) -> counts.add(new DailyUsage(LocalDate.ofEpochDay(day.epochDay), uses)));
        counts.sort(java.util.Comparator.comparing(DailyUsage::day));
        return counts;
    }

    private void pruneCountsOncePerDay(Instant now) {
        long today = epochDay(now);
        if (today == prunedOnDay) {
            return;
        }
        try {
            int deleted = store.deleteUsageBefore(LocalDate.ofEpochDay(today - DailyUsage.RETENTION_DAYS + 1));
            prunedOnDay = today;
            log.debug("Deleted {} counts of usage per day older than {} days", deleted, DailyUsage.RETENTION_DAYS);
        } catch (RuntimeException e) {
            log.warn("Could not delete old counts of usage per day; will retry after the next write: {}",
                    e.toString());
        }
    }

    /** The UTC day of an instant, as days since 1970-01-01: no allocation. */
    static long epochDay(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 86_400L);
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
            boolean lateUse;
            synchronized (entry) {
                // from here on a use of this entry is moved by its recorder; one made before is seen below
                entry.evicted = true;
                lateUse = entry.version != entry.writtenVersion;
                lateAt = entry.latestAt;
                lateIp = entry.latestIp;
            }
            if (lateUse || entry.hasCounts()) {
                // a use arrived while evicting: put it back so that it is written
                moveTo(tokenId, entry, lateAt, lateIp);
            }
        }
    }
}
