package dev.klink.tokens.spi;

import dev.klink.tokens.page.KeysetPage;
import dev.klink.tokens.page.KeysetRequest;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where tokens live. Implementations must be thread-safe, keep timestamps in UTC, and pass the contract suite in
 * {@code klink-tokens-testing}. Every method that takes a tenant only ever sees that tenant's tokens.
 *
 * <p>Ids, tenant ids and owner ids are case-sensitive. Listings are ordered by creation time, then id, both
 * descending, comparing ids by character (as {@link String#compareTo}; SQL stores need a binary collation).
 *
 * <p>A store that cannot reach its backend throws {@link dev.klink.tokens.TokenStoreUnavailableException} (or any
 * runtime exception: the service treats every failure of a read during verification as "store unavailable",
 * never as "token not found").
 */
public interface TokenStore {

    /**
     * Adds a new token.
     *
     * @throws dev.klink.tokens.DuplicateTokenIdException if a token with this id already exists (in any tenant)
     */
    void insert(StoredToken token);

    /**
     * Adds a new token unless its owner already holds {@code maxActive} tokens that are active (neither revoked nor
     * expired) at {@code now}, as one atomic step: calls for one owner running at once never together exceed the
     * limit. The rotation of a token inserts its replacement this way too (with no limit), so that it is ordered
     * against {@link #revokeAllByOwner}. The default counts, then inserts, which holds only while nothing else
     * issues for the owner at the same time; a store shared by several threads or nodes overrides it (the contract
     * suite checks this).
     *
     * @return whether the token was inserted; false when the owner is at the limit
     * @throws dev.klink.tokens.DuplicateTokenIdException if a token with this id already exists (in any tenant)
     */
    default boolean insertWithinLimit(StoredToken token, long maxActive, Instant now) {
        if (countActiveByOwner(token.tenantId(), token.ownerId(), now) >= maxActive) {
            return false;
        }
        insert(token);
        return true;
    }

    /** The token with this id in any tenant: the one read a verification makes. */
    Optional<StoredToken> findById(String id);

    /**
     * {@link #findById(String)} for a verification made at {@code now}, the verifying service's time. A store that
     * keeps rows for a while (the verification cache) judges their age by {@code now} instead of reading a clock of
     * its own, so that a verification reads the clock once. By default the same as {@link #findById(String)}.
     */
    default Optional<StoredToken> findById(String id, Instant now) {
        return findById(id);
    }

    /** The token with this id if it belongs to {@code tenantId}. */
    Optional<StoredToken> find(String tenantId, String id);

    /** The owner's tokens in every status, newest first. */
    Page<StoredToken> listByOwner(String tenantId, String ownerId, PageRequest page);

    /** The tenant's tokens in every status, newest first. */
    Page<StoredToken> listByTenant(String tenantId, PageRequest page);

    /**
     * The tenant's tokens that pass {@code filter}, newest first, in pages by position: the {@code request.size()}
     * tokens that follow {@code request.after()}, and where the next page starts. A store with an index on
     * {@code (tenant_id, created_at, id)} reads only the rows of the page (plus those the filter skips), however
     * deep the page lies; tokens inserted between two pages never shift or repeat rows of the later one.
     *
     * <p>The default walks {@link #listByTenant(String, PageRequest)} (or {@link #listByOwner}) from the first row:
     * right for small stores, slow for deep pages; the shipped stores override it.
     */
    default KeysetPage<StoredToken> listByTenant(String tenantId, TokenFilter filter, KeysetRequest request) {
        List<StoredToken> rows = new ArrayList<>(request.size() + 1);
        for (int number = 0; rows.size() <= request.size(); number++) {
            PageRequest batch = PageRequest.of(number, PageRequest.MAX_SIZE);
            Page<StoredToken> page = filter.ownerId() == null ? listByTenant(tenantId, batch)
                    : listByOwner(tenantId, filter.ownerId(), batch);
            for (StoredToken token : page.items()) {
                if (rows.size() <= request.size() && request.admits(token.createdAt(), token.id())
                        && filter.matches(token)) {
                    rows.add(token);
                }
            }
            if (!page.hasNext()) {
                break;
            }
        }
        return KeysetPage.of(rows, request.size(), StoredToken::position);
    }

    /** How many of the owner's tokens are neither revoked nor expired at {@code now}. */
    long countActiveByOwner(String tenantId, String ownerId, Instant now);

    /**
     * Revokes one token: sets {@code revokedAt}, actor, reason and {@code revokedImmediately} (from
     * {@link Revocation#immediate()}) unless the token is already revoked immediately, or by a scheduled revocation
     * at or before {@code revocation.at()} (a revocation only ever moves earlier, and an immediate one is final).
     *
     * @return whether the token changed; false for an unknown id, another tenant's token or one already revoked
     */
    boolean revoke(String tenantId, String id, Revocation revocation);

    /**
     * Revokes, as {@link #revoke}, every token of the owner. Returns how many changed. Runs atomically with
     * {@link #insertWithinLimit} for the same owner, so that a token inserted at the same time is either revoked
     * here or inserted after.
     */
    int revokeAllByOwner(String tenantId, String ownerId, Revocation revocation);

    /** Revokes, as {@link #revoke}, every token of the tenant. Returns how many changed. */
    int revokeAllByTenant(String tenantId, Revocation revocation);

    /**
     * Links {@code oldId} to its replacement {@code newId} and revokes it as {@link #revoke} does, in one atomic step,
     * only while the old token is neither revoked (its {@code revokedAt} is unset) nor linked to a replacement. A
     * rotation racing a revocation thus never leaves a live replacement of a revoked token: the service withdraws
     * the replacement when this returns false.
     *
     * @return whether the old token exists in the tenant, unrevoked and not rotated before; when false nothing
     *         changed
     */
    boolean markRotated(String tenantId, String oldId, String newId, Revocation revocation);

    /**
     * Writes the latest use of several tokens at once (one batch). {@code lastUsedAt} only moves forward: an update
     * older than the stored value changes nothing. Unknown ids are ignored. The {@linkplain UsageUpdate#counts() counts
     * per day} are added to the stored counts, never written over them: several nodes writing counts of one token and
     * day, at once or one after the other, sum up.
     */
    void recordUsage(Collection<UsageUpdate> updates);

    /** Replaces the hash of a token after it verified under an older key. */
    void updateHash(String id, String hashScheme, byte[] hash);

    /**
     * Deletes tokens that expired or were revoked strictly before {@code cutoff}.
     *
     * @return how many were deleted
     */
    int deleteInactiveBefore(Instant cutoff);

    /**
     * Tokens of every tenant that are not revoked at {@code from} and expire in {@code (from, until]}, soonest first.
     */
    List<StoredToken> findExpiring(Instant from, Instant until);

    /**
     * Whether this store itself announces every change on {@code channel}, inside the transaction of the change (so
     * that a change and its announcement commit or roll back together). A verification cache in front of the store
     * then evicts locally but does not publish again. {@code false} by default: the cache publishes after each change.
     */
    default boolean announcesChangesOn(InvalidationChannel channel) {
        return false;
    }

    /**
     * Claims the expiry reminder of one token at one threshold (how long before its expiry the reminder is due), so
     * that of every node sending reminders exactly one sends it: an atomic insert-if-absent of the pair
     * ({@code tokenId}, {@code threshold}), recording {@code at}. The store does not look the token up; the claims
     * of a token go when {@link #deleteInactiveBefore} deletes it. Thresholds are compared in whole seconds.
     *
     * <p>The default throws {@link UnsupportedOperationException}, so that a store written before reminders existed
     * keeps compiling; {@link dev.klink.tokens.ExpiryReminders} needs a store that overrides it (the contract suite
     * checks the claims are once-only under concurrent claimers).
     *
     * @return true for exactly one call per pair, whoever makes it and on whichever node; false for every other
     */
    default boolean claimReminder(String tokenId, Duration threshold, Instant at) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support expiry reminder claims");
    }

    /**
     * The successful verifications of a token per UTC day from {@code from} to {@code to} (both included), oldest
     * first, only days with a count; empty for an unknown id or another tenant's token. The default (a store that
     * counts nothing) returns none.
     */
    default List<DailyUsage> usageByDay(String tenantId, String tokenId, LocalDate from, LocalDate to) {
        return List.of();
    }

    /**
     * Deletes the counts per day of days strictly before {@code day}, of every token. Counts of deleted tokens go
     * with them in {@link #deleteInactiveBefore}.
     *
     * @return how many counts (token and day) were deleted
     */
    default int deleteUsageBefore(LocalDate day) {
        return 0;
    }
}
