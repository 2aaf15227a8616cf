package dev.klink.tokens;

import dev.klink.tokens.page.KeysetPage;
import dev.klink.tokens.page.KeysetRequest;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenFilter;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A thread-safe store in a {@link ConcurrentHashMap}: for tests, demos and single-node applications that can lose
 * their tokens on restart. Each change replaces a token atomically, so a revocation is seen by the very next
 * verification.
 */
public final class InMemoryTokenStore implements TokenStore {

    static final Comparator<StoredToken> NEWEST_FIRST = Comparator.comparing(StoredToken::createdAt)
            .thenComparing(StoredToken::id).reversed();

    private final ConcurrentMap<String, StoredToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, Object> ownerLocks = new ConcurrentHashMap<>();
    /** Expiry reminder claims: when each (token id, threshold in seconds) was claimed. */
    private final ConcurrentMap<ReminderKey, Instant> reminders = new ConcurrentHashMap<>();

    private record ReminderKey(String tokenId, long thresholdSeconds) {
    }

    private final ConcurrentMap<UsageKey, Long> usage = new ConcurrentHashMap<>();

    /** A token's count of one UTC day. */
    private record UsageKey(String tokenId, LocalDate day) {
    }

    @Override
    public void insert(StoredToken token) {
        if (tokens.putIfAbsent(token.id(), token) != null) {
            throw new DuplicateTokenIdException(token.id());
        }
    }

    /** Counts and inserts under the lock of the owner's entry in a map, so that owners never wait on each other. */
    @Override
    public boolean insertWithinLimit(StoredToken token, long maxActive, Instant now) {
        AtomicBoolean inserted = new AtomicBoolean();
        ownerLocks.compute(List.of(token.tenantId(), token.ownerId()), (owner, unused) -> {
            if (countActiveByOwner(token.tenantId(), token.ownerId(), now) < maxActive) {
                insert(token);
                inserted.set(true);
            }
            return null; // nothing stays in the map: compute only lends the lock of the owner's bin
        });
        return inserted.get();
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        return Optional.ofNullable(tokens.get(id));
    }

    @Override
    public Optional<StoredToken> find(String tenantId, String id) {
        return findById(id).filter(token -> token.tenantId().equals(tenantId));
    }

    @Override
    public Page<StoredToken> listByOwner(String tenantId, String ownerId, PageRequest page) {
        return page(token -> token.tenantId().equals(tenantId) && token.ownerId().equals(ownerId), page);
    }

    @Override
    public Page<StoredToken> listByTenant(String tenantId, PageRequest page) {
        return page(token -> token.tenantId().equals(tenantId), page);
    }

    /** Sorts the tenant's matching tokens: a scan of the map, as every listing here is. */
    @Override
    public KeysetPage<StoredToken> listByTenant(String tenantId, TokenFilter filter, KeysetRequest request) {
        List<StoredToken> rows = tokens.values().stream()
                .filter(token -> token.tenantId().equals(tenantId) && request.admits(token.createdAt(), token.id())
                        && filter.matches(token))
                .sorted(NEWEST_FIRST)
                .limit(request.size() + 1L)
                .toList();
        return KeysetPage.of(rows, request.size(), StoredToken::position);
    }

    @Override
    public long countActiveByOwner(String tenantId, String ownerId, Instant now) {
        return tokens.values().stream()
                .filter(token -> token.tenantId().equals(tenantId) && token.ownerId().equals(ownerId)
                        && TokenStatus.of(token, now) == TokenStatus.ACTIVE)
                .count();
    }

    @Override
    public boolean revoke(String tenantId, String id, Revocation revocation) {
        AtomicBoolean changed = new AtomicBoolean();
        tokens.computeIfPresent(id, (key, token) -> {
            if (!token.tenantId().equals(tenantId) || !revocable(token, revocation)) {
                return token;
            }
            changed.set(true);
            return token.toBuilder().revocation(revocation).build();
        });
        return changed.get();
    }

    @Override
    public int revokeAllByOwner(String tenantId, String ownerId, Revocation revocation) {
        // under the owner's lock, as insertWithinLimit, so that no insert of the owner slips past the scan
        AtomicInteger changed = new AtomicInteger();
        ownerLocks.compute(List.of(tenantId, ownerId), (owner, unused) -> {
            changed.set(revokeAll(token -> token.tenantId().equals(tenantId) && token.ownerId().equals(ownerId),
                    revocation));
            return null;
        });
        return changed.get();
    }

    @Override
    public int revokeAllByTenant(String tenantId, Revocation revocation) {
        return revokeAll(token -> token.tenantId().equals(tenantId), revocation);
    }

    @Override
    public boolean markRotated(String tenantId, String oldId, String newId, Revocation revocation) {
        AtomicBoolean found = new AtomicBoolean();
        tokens.computeIfPresent(oldId, (key, token) -> {
            if (!token.tenantId().equals(tenantId) || token.rotatedToId() != null || token.revokedAt() != null) {
                return token;
            }
            found.set(true);
            return token.toBuilder().rotatedToId(newId).revocation(revocation).build();
        });
        return found.get();
    }

    @Override
    public void recordUsage(Collection<UsageUpdate> updates) {
        for (UsageUpdate update : updates) {
            tokens.computeIfPresent(update.tokenId(), (key, token) -> {
                // counted while the token's entry is locked, so that a token deleted at once takes its counts along
                for (DailyUsage day : update.counts()) {
                    if (day.count() > 0) {
                        usage.merge(new UsageKey(key, day.day()), day.count(), Long::sum);
                    }
                }
                return token.lastUsedAt() == null || update.at().isAfter(token.lastUsedAt())
                        ? token.toBuilder().lastUsed(update.at(), update.clientIp()).build()
                        : token;
            });
        }
    }

    @Override
    public List<DailyUsage> usageByDay(String tenantId, String tokenId, LocalDate from, LocalDate to) {
        if (find(tenantId, tokenId).isEmpty()) {
            return List.of();
        }
        List<DailyUsage> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Long count = usage.get(new UsageKey(tokenId, day));
            if (count != null) {
                days.add(new DailyUsage(day, count));
            }
        }
        return List.copyOf(days);
    }

    @Override
    public int deleteUsageBefore(LocalDate day) {
        int deleted = 0;
        for (UsageKey key : usage.keySet()) {
            if (key.day().isBefore(day) && usage.remove(key) != null) {
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public void updateHash(String id, String hashScheme, byte[] hash) {
        tokens.computeIfPresent(id, (key, token) -> token.toBuilder().hash(hashScheme, hash).build());
    }

    @Override
    public int deleteInactiveBefore(Instant cutoff) {
        int deleted = 0;
        for (StoredToken token : tokens.values()) {
            boolean inactive = (token.expiresAt() != null && token.expiresAt().isBefore(cutoff))
                    || (token.revokedAt() != null && token.revokedAt().isBefore(cutoff));
            if (inactive && tokens.remove(token.id(), token)) {
                usage.keySet().removeIf(key -> key.tokenId().equals(token.id()));
                deleted++;
            }
        }
        reminders.keySet().removeIf(key -> !tokens.containsKey(key.tokenId()));
        return deleted;
    }

    @Override
    public List<StoredToken> findExpiring(Instant from, Instant until) {
        return tokens.values().stream()
                .filter(token -> token.expiresAt() != null && token.expiresAt().isAfter(from)
                        && !token.expiresAt().isAfter(until)
                        && !token.isRevokedAt(from))
                .sorted(Comparator.comparing(StoredToken::expiresAt).thenComparing(StoredToken::id))
                .toList();
    }

    @Override
    public boolean claimReminder(String tokenId, Duration threshold, Instant at) {
        return reminders.putIfAbsent(new ReminderKey(tokenId, threshold.getSeconds()), at) == null;
    }

    /** How many tokens the store holds, in every status. */
    public int size() {
        return tokens.size();
    }

    /** Unrevoked, or revoked by a scheduled revocation later than this one; never once revoked immediately. */
    private static boolean revocable(StoredToken token, Revocation revocation) {
        return !token.revokedImmediately()
                && (token.revokedAt() == null || token.revokedAt().isAfter(revocation.at()));
    }

    private int revokeAll(Predicate<StoredToken> selected, Revocation revocation) {
        int changed = 0;
        for (StoredToken token : tokens.values()) {
            if (selected.test(token) && revoke(token.tenantId(), token.id(), revocation)) {
                changed++;
            }
        }
        return changed;
    }

    private Page<StoredToken> page(Predicate<StoredToken> selected, PageRequest page) {
        List<StoredToken> all = tokens.values().stream().filter(selected).sorted(NEWEST_FIRST).toList();
        int from = (int) Math.min(page.offset(), all.size());
        int to = Math.min(from + page.size(), all.size());
        return Page.of(all.subList(from, to), page, all.size());
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[size=" + tokens.size() + "]";
    }
}
