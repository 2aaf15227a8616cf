package dev.klink.tokens;

import dev.klink.tokens.page.KeysetCursor;
import dev.klink.tokens.page.KeysetPage;
import dev.klink.tokens.page.KeysetRequest;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.GrantableAbilities;
import dev.klink.tokens.spi.IpAllowlist;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenFilter;
import dev.klink.tokens.spi.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, verifies, lists, revokes and rotates personal access tokens.
 *
 * <pre>{@code
 * TokenService tokens = TokenService.builder(new InMemoryTokenStore()).build();
 * IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice")
 *         .name("CI deploy").abilities("orders:read").expiresInDays(30).build());
 * VerificationResult result = tokens.verify(issued.plaintext());
 * }</pre>
 *
 * <p>Tenant and owner ids are 1 to 128 characters without control characters or leading or trailing whitespace
 * (so that {@code "alice "} can never alias {@code "alice"} in a database that pads), wherever they are passed in;
 * other values are refused with an {@link InvalidTokenRequestException} naming {@code tenantId} or {@code ownerId}.
 * An expected tenant in {@link #verify(String, String, AbilityCheck, String)} is compared exactly.
 *
 * <p>Thread-safe. {@link #close()} writes pending last-used times and stops the background flush.
 */
public final class TokenService implements TokenVerifier, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    private static final int MAX_ID_ATTEMPTS = 5;
    private static final int MAX_METADATA_ENTRIES = 20;
    private static final Duration MAX_SHUTDOWN_PAUSE = Duration.ofSeconds(1);
    /** Compared against when the id is unknown, so that "unknown id" costs the same hash as "wrong secret". */
    private static final byte[] DECOY_HASH = new byte[32];

    private final TokenStore store;
    private final Clock clock;
    private final TokenHasher hasher;
    private final AbilityCatalog catalog;
    private final TokenPolicy policy;
    private final String prefix;
    private final Set<String> acceptedPrefixes;
    private final String[] acceptedPrefixArray;
    private final Random random;
    /** {@code null}: the catalog's declared abilities, no wildcard. */
    private final @Nullable GrantableAbilities grantable;
    private final List<TokenEventListener> listeners;
    private final VerificationObserver[] observers;
    private final boolean usageTracking;
    private final UsageRecorder usage;
    /** The scheduled background flush, or {@code null} without one. */
    private final @Nullable ScheduledFuture<?> flush;
    /** The scheduler this service created and so shuts down, or {@code null} when none or supplied. */
    private final @Nullable ScheduledExecutorService ownScheduler;
    private final Duration shutdownFlushTimeout;
    private final Sleeper sleeper;
    private volatile boolean closed;

    private TokenService(Builder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
        this.hasher = builder.hasher;
        this.catalog = builder.catalog;
        this.policy = builder.policy;
        this.prefix = builder.prefix;
        Set<String> accepted = new LinkedHashSet<>();
        accepted.add(builder.prefix);
        accepted.addAll(builder.acceptedPrefixes);
        this.acceptedPrefixes = Set.copyOf(accepted);
        this.acceptedPrefixArray = accepted.toArray(String[]::new);
        this.random = builder.random;
        this.grantable = builder.grantable;
        this.listeners = List.copyOf(builder.listeners);
        this.observers = builder.observers.toArray(VerificationObserver[]::new);
        this.usageTracking = builder.usageTracking;
        this.usage = new UsageRecorder(store, clock, builder.usageFlushInterval);
        this.shutdownFlushTimeout = builder.shutdownFlushTimeout;
        this.sleeper = builder.sleeper;
        // also without usage tracking: the flush writes re-hashes of tokens that verified under an older key
        if (builder.backgroundFlush) {
            ScheduledExecutorService scheduler = builder.usageFlushScheduler;
            this.ownScheduler = scheduler == null ? newFlushScheduler() : null;
            // ticking at a quarter of the interval keeps each token's write within 1.25 intervals of its first use
            long tickMillis = Math.max(50, builder.usageFlushInterval.toMillis() / 4);
            this.flush = (scheduler != null ? scheduler : Objects.requireNonNull(ownScheduler))
                    .scheduleWithFixedDelay(() -> usage.flush(false), tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        } else {
            this.ownScheduler = null;
            this.flush = null;
        }
    }

    /** The default scheduler of the background flush: one daemon thread, shut down by {@link #close()}. */
    private static ScheduledExecutorService newFlushScheduler() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "klink-tokens-usage-flush");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A builder over {@code store}; every other setting has a default. */
    public static Builder builder(TokenStore store) {
        return new Builder(store);
    }

    // ---------------------------------------------------------------- issue

    /**
     * Issues a token. The returned plaintext is the only copy: only its hash is stored.
     *
     * @throws InvalidTokenRequestException when the request breaks the catalog or the policy (its {@code field()}
     *         says which input)
     * @throws TokenLimitExceededException when the owner already holds the maximum of active tokens
     * @throws TokenStoreUnavailableException when the store cannot be written
     */
    public IssuedToken issue(IssueRequest request) {
        String tenantId = tenant(request.tenantId());
        String ownerId = owner(request.ownerId());
        String name = policy.normalizeName(request.name());
        checkAbilities(tenantId, ownerId, request.abilities());
        checkMetadata(request.metadata());
        Instant now = clock.instant();
        Instant expiresAt = resolveExpiry(request, now);
        IssuedToken issued = create(tenantId, ownerId, name, request.abilities(), now, expiresAt, null,
                request.metadata(), policy.maxActiveTokensPerOwner(), request.allowlist());
        emit(new TokenEvent.Issued(now, issued.info()));
        log.info("Issued token {} for owner {} in tenant {}", issued.info().id(), ownerId, tenantId);
        return issued;
    }

    private IssuedToken create(String tenantId, String ownerId, String name, Set<String> abilities, Instant now,
            @Nullable Instant expiresAt, @Nullable String rotatedFromId, Map<String, String> metadata,
            long ownerLimit, IpAllowlist allowedIps) {
        for (int attempt = 1; ; attempt++) {
            String id = TokenFormat.randomId(random);
            String plaintext = TokenFormat.format(prefix, id, TokenFormat.randomSecret(random));
            StoredToken token = StoredToken.builder().id(id).prefix(prefix).tenantId(tenantId)
                    .ownerId(ownerId).name(name).abilities(abilities).hash(hasher.primaryScheme(), hasher.hash(plaintext))
                    .createdAt(now).expiresAt(expiresAt).rotatedFromId(rotatedFromId).metadata(metadata)
                    .allowedIps(allowedIps).build();
            try {
                if (!store.insertWithinLimit(token, ownerLimit, now)) {
                    throw new TokenLimitExceededException(policy.maxActiveTokensPerOwner());
                }
                return new IssuedToken(plaintext, TokenInfo.of(token, null, null, now));
            } catch (DuplicateTokenIdException e) {
                if (attempt == MAX_ID_ATTEMPTS) {
                    throw e;
                }
                log.warn("Token id collision on attempt {}; retrying with a fresh id", attempt);
            }
        }
    }

    private void checkAbilities(String tenantId, String ownerId, Set<String> abilities) {
        if (abilities.size() > policy.maxAbilitiesPerToken()) {
            throw new InvalidTokenRequestException("abilities", "A token may hold at most "
                    + policy.maxAbilitiesPerToken() + " abilities, was " + abilities.size());
        }
        catalog.validate(abilities);
        @Nullable Collection<String> allowed = grantable == null ? null
                : grantable.grantableAbilities(tenantId, ownerId);
        for (String ability : abilities) {
            String refused = allowed == null
                    ? (catalog.grantableByDefault(ability) ? null : ability)
                    : catalog.firstNotGrantable(allowed, ability);
            if (refused != null) {
                throw new InvalidTokenRequestException("abilities", "Ability '" + refused
                        + "' exceeds what the owner may grant");
            }
        }
    }

    private static void checkMetadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new InvalidTokenRequestException("metadata", "metadata may hold at most " + MAX_METADATA_ENTRIES
                    + " entries");
        }
    }

    private @Nullable Instant resolveExpiry(IssueRequest request, Instant now) {
        Instant expiresAt;
        switch (request.expiryKind()) {
            case NEVER -> {
                if (!policy.allowNeverExpires()) {
                    throw new InvalidTokenRequestException("expiresAt", "Tokens must expire; the longest "
                            + "lifetime allowed is " + policy.maxLifetime().toDays() + " days");
                }
                return null;
            }
            case DEFAULT -> expiresAt = now.plus(policy.defaultLifetime());
            case AFTER -> {
                Duration lifetime = Objects.requireNonNull(request.expiresAfter());
                if (lifetime.isNegative() || lifetime.isZero()) {
                    throw new InvalidTokenRequestException("expiresAt", "The lifetime must be positive, was "
                            + lifetime);
                }
                expiresAt = now.plus(lifetime);
            }
            default -> expiresAt = Objects.requireNonNull(request.expiresAt());
        }
        if (!expiresAt.isAfter(now)) {
            throw new InvalidTokenRequestException("expiresAt", "The expiry must lie in the future");
        }
        if (expiresAt.isAfter(now.plus(policy.maxLifetime()))) {
            throw new InvalidTokenRequestException("expiresAt", "The expiry must be at most "
                    + policy.maxLifetime().toDays() + " days away");
        }
        return expiresAt;
    }

    // ---------------------------------------------------------------- verify

    /** Verifies a bearer value in any tenant, needing no ability. Never throws for bad input. */
    public VerificationResult verify(@Nullable String bearer) {
        return verify(bearer, null, AbilityCheck.none(), null);
    }

    /**
     * Verifies a bearer value. Checks run in this order and the first failure is returned: format and checksum,
     * accepted prefix (both before any store read), lookup by id, secret, revoked, expired, tenant, client address,
     * abilities.
     *
     * <p>The client address is checked only for a token with an IP allowlist ({@link IssueRequest#allowedIps()}),
     * and only once the secret matched, so that {@link VerificationFailure#IP_NOT_ALLOWED} tells nothing to whoever
     * lacks the secret. It comes after revoked, expired and tenant, so that a dead token or one of another tenant is
     * refused as such from anywhere, and before the abilities, so that a request from outside learns nothing of what
     * the token may do. A {@code null} or unparseable {@code clientIp} is outside every allowlist (fail closed).
     *
     * @param expectedTenant the tenant the request is for, or {@code null} to accept any
     * @param check the abilities the request needs
     * @param clientIp the client's address literal ({@code 10.1.2.3}, {@code 2001:db8::1}, {@code ::ffff:10.1.2.3}),
     *        checked against the token's IP allowlist and recorded as its last-used address on success
     */
    @Override
    public VerificationResult verify(@Nullable String bearer, @Nullable String expectedTenant, AbilityCheck check,
            @Nullable String clientIp) {
        if (observers.length == 0) {
            return doVerify(bearer, expectedTenant, check, clientIp);
        }
        long start = System.nanoTime();
        VerificationResult result = doVerify(bearer, expectedTenant, check, clientIp);
        long elapsed = System.nanoTime() - start;
        for (VerificationObserver observer : observers) {
            try {
                observer.onVerification(result, elapsed);
            } catch (RuntimeException e) {
                log.warn("Verification observer {} failed", observer, e);
            }
        }
        return result;
    }

    private VerificationResult doVerify(@Nullable String bearer, @Nullable String expectedTenant, AbilityCheck check,
            @Nullable String clientIp) {
        // the token's parts by position, not as a ParsedToken: a verification allocates as little as it can
        int prefixLength = TokenFormat.prefixLength(bearer);
        if (prefixLength < 0) {
            return fail(VerificationFailure.MALFORMED, null, clientIp);
        }
        String token = Objects.requireNonNull(bearer);
        if (!accepts(token, prefixLength)) {
            return fail(VerificationFailure.UNKNOWN_PREFIX, null, clientIp);
        }
        String id = TokenFormat.id(token, prefixLength);
        // read once, before the store: a caching store judges the age of its rows by it too
        Instant now = clock.instant();
        StoredToken stored;
        try {
            stored = store.findById(id, now).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Token store unavailable while verifying token {}: {}", id, e.toString());
            return fail(VerificationFailure.STORE_UNAVAILABLE, id, clientIp);
        }
        if (stored == null) {
            hasher.matches(token, hasher.primaryScheme(), DECOY_HASH);
            return fail(VerificationFailure.NOT_FOUND, id, clientIp);
        }
        if (!hasher.matches(token, stored)) {
            return fail(VerificationFailure.SECRET_MISMATCH, id, clientIp);
        }
        switch (TokenStatus.of(stored, now)) {
            case REVOKED, ROTATED -> {
                return fail(VerificationFailure.REVOKED, id, clientIp);
            }
            case EXPIRED -> {
                return fail(VerificationFailure.EXPIRED, id, clientIp);
            }
            default -> {
            }
        }
        if (expectedTenant != null && !expectedTenant.equals(stored.tenantId())) {
            return fail(VerificationFailure.WRONG_TENANT, id, clientIp);
        }
        // a token without an allowlist pays one field read here: the client address is parsed only for one with
        IpAllowlist allowedIps = stored.allowedIps();
        if (!allowedIps.isEmpty() && !allowedIps.allows(clientIp)) {
            return fail(VerificationFailure.IP_NOT_ALLOWED, id, clientIp);
        }
        // a token used again gets the same immutable result back when its principal is unchanged
        UsageRecorder.Entry usageEntry = usageTracking ? usage.entry(id) : null;
        VerificationResult.Valid valid = usageEntry == null ? null : usageEntry.resultFor(stored, catalog);
        TokenPrincipal principal = valid != null ? valid.principal() : TokenPrincipal.of(stored, catalog);
        if (!check.isSatisfiedBy(principal)) {
            return fail(VerificationFailure.INSUFFICIENT_ABILITIES, id, clientIp);
        }
        boolean reused = valid != null;
        if (valid == null) {
            valid = VerificationResult.valid(principal);
        }
        if (usageTracking) {
            UsageRecorder.Entry recorded = usage.record(usageEntry, id, now, clientIp);
            if (!reused) {
                recorded.keepResult(stored, valid);
            }
            if (closed) {
                writeUsageAfterClose();
            }
        }
        if (!stored.hashScheme().equals(hasher.primaryScheme()) && !usage.rehashPending(id)) {
            usage.rehash(id, hasher.primaryScheme(), hasher.hash(token));
        }
        return valid;
    }

    private boolean accepts(String token, int prefixLength) {
        for (String accepted : acceptedPrefixArray) {
            if (ParsedToken.hasPrefix(token, prefixLength, accepted)) {
                return true;
            }
        }
        return false;
    }

    private VerificationResult fail(VerificationFailure failure, @Nullable String tokenId, @Nullable String clientIp) {
        if (!listeners.isEmpty()) {
            emit(new TokenEvent.VerificationFailed(clock.instant(), failure, tokenId, clientIp));
        }
        return VerificationResult.failed(failure, tokenId);
    }

    // ---------------------------------------------------------------- read

    /** The token with this id in the tenant, with its exact last use (pending writes included). */
    public Optional<TokenInfo> get(String tenantId, String tokenId) {
        return store.find(tenant(tenantId), tokenId).map(token -> info(token, clock.instant()));
    }

    /** The owner's tokens in every status, newest first. */
    public Page<TokenInfo> listByOwner(String tenantId, String ownerId, PageRequest page) {
        Instant now = clock.instant();
        return store.listByOwner(tenant(tenantId), owner(ownerId), page).map(token -> info(token, now));
    }

    /** The tenant's tokens in every status, newest first. */
    public Page<TokenInfo> listByTenant(String tenantId, PageRequest page) {
        Instant now = clock.instant();
        return store.listByTenant(tenant(tenantId), page).map(token -> info(token, now));
    }

    /**
     * The tenant's tokens for its administrators: of one owner or all ({@code ownerId} null), in one status or all
     * ({@code status} null; {@link TokenStatus#REVOKED} includes rotated tokens), newest first, {@code size} at a
     * time. {@code cursor} is the {@link KeysetPage#nextCursor()} of the previous page ({@code null} for the first);
     * each page costs the same however deep it lies.
     *
     * @throws InvalidTokenRequestException naming {@code cursor} when it is not one this listing handed out,
     *     {@code size} when it is not from 1 to {@value PageRequest#MAX_SIZE}, {@code status} for
     *     {@link TokenStatus#ROTATED}, or {@code ownerId} when it is blank or too long
     */
    public KeysetPage<TokenInfo> listByTenant(String tenantId, @Nullable String ownerId, @Nullable TokenStatus status,
            @Nullable String cursor, int size) {
        KeysetCursor after;
        try {
            after = cursor == null ? null : KeysetCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenRequestException("cursor", Objects.requireNonNullElse(e.getMessage(),
                    "cursor is malformed"));
        }
        if (size < 1 || size > PageRequest.MAX_SIZE) {
            throw new InvalidTokenRequestException("size", "size must be between 1 and " + PageRequest.MAX_SIZE
                    + ", was " + size);
        }
        Instant now = clock.instant();
        TokenFilter filter = new TokenFilter(ownerId == null ? null : owner(ownerId), filterStatus(status), now);
        return store.listByTenant(tenant(tenantId), filter, KeysetRequest.after(after, size))
                .map(token -> info(token, now));
    }

    private static TokenFilter.@Nullable Status filterStatus(@Nullable TokenStatus status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case ACTIVE -> TokenFilter.Status.ACTIVE;
            case EXPIRED -> TokenFilter.Status.EXPIRED;
            case REVOKED -> TokenFilter.Status.REVOKED;
            case ROTATED -> throw new InvalidTokenRequestException("status", "status must be ACTIVE, EXPIRED or "
                    + "REVOKED (which includes rotated tokens)");
        };
    }

    /** Active tokens of every tenant that expire within {@code within} from now, soonest first: for reminders. */
    public List<TokenInfo> expiringWithin(Duration within) {
        if (within.isNegative()) {
            throw new IllegalArgumentException("within must not be negative, was " + within);
        }
        Instant now = clock.instant();
        return store.findExpiring(now, now.plus(within)).stream().map(token -> info(token, now)).toList();
    }

    /** As {@link #expiringWithin(Duration)}, in days (GitHub and GitLab remind at 7). */
    public List<TokenInfo> expiringWithinDays(int days) {
        return expiringWithin(Duration.ofDays(days));
    }

    /**
     * How many times the token verified successfully on each of the last {@value DailyUsage#RETENTION_DAYS} UTC days
     * (by this service's clock): one entry per day, oldest first, today last, days without use as zero. Counts not
     * yet written by this node are included.
     *
     * @return empty when the tenant has no token with this id
     */
    public Optional<List<DailyUsage>> usageByDay(String tenantId, String tokenId) {
        String tenant = tenant(tenantId);
        if (store.find(tenant, tokenId).isEmpty()) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = today.minusDays(DailyUsage.RETENTION_DAYS - 1L);
        Map<LocalDate, Long> counts = usage.pendingCounts(tokenId);
        for (DailyUsage day : store.usageByDay(tenant, tokenId, from, today)) {
            counts.merge(day.day(), day.count(), Long::sum);
        }
        List<DailyUsage> series = new ArrayList<>(DailyUsage.RETENTION_DAYS);
        for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
            series.add(new DailyUsage(day, counts.getOrDefault(day, 0L)));
        }
        return Optional.of(List.copyOf(series));
    }

    /** The stored token as the owner sees it at {@code now}, with its exact last use. */
    TokenInfo info(StoredToken token, Instant now) {
        Instant lastUsedAt = token.lastUsedAt();
        String lastUsedIp = token.lastUsedIp();
        UsageRecorder.Usage pending = usage.latest(token.id());
        if (pending != null && (lastUsedAt == null || pending.at().isAfter(lastUsedAt))) {
            lastUsedAt = pending.at();
            lastUsedIp = pending.clientIp();
        }
        return TokenInfo.of(token, lastUsedAt, lastUsedIp, now);
    }

    // ---------------------------------------------------------------- revoke, rotate, prune

    /**
     * Revokes a token now. Idempotent: revoking a revoked token changes nothing. The next verification on this node
     * fails, and on every node reading the same store whatever its clock says (the revocation is stored as
     * immediate, not as a time to compare).
     *
     * @return the token as it is after the call
     * @throws TokenNotFoundException when the tenant has no such token
     */
    public TokenInfo revoke(String tenantId, String tokenId, String actor, @Nullable String reason) {
        Instant now = clock.instant();
        boolean changed = store.revoke(tenant(tenantId), tokenId, Revocation.immediate(now, actor, reason));
        TokenInfo info = get(tenantId, tokenId).orElseThrow(() -> new TokenNotFoundException(tokenId));
        if (changed) {
            log.info("Revoked token {} in tenant {} by {}", tokenId, tenantId, actor);
            emit(new TokenEvent.Revoked(now, info, actor, reason));
        }
        return info;
    }

    /** Revokes every token of an owner (offboarding). Returns how many were active or scheduled for revocation. */
    public int revokeAllForOwner(String tenantId, String ownerId, String actor, @Nullable String reason) {
        Instant now = clock.instant();
        int count = store.revokeAllByOwner(tenant(tenantId), owner(ownerId),
                Revocation.immediate(now, actor, reason));
        log.info("Revoked {} tokens of owner {} in tenant {} by {}", count, ownerId, tenantId, actor);
        emit(new TokenEvent.BulkRevoked(now, tenantId, ownerId, count, actor, reason));
        return count;
    }

    /** Revokes every token of a tenant. */
    public int revokeAllForTenant(String tenantId, String actor, @Nullable String reason) {
        Instant now = clock.instant();
        int count = store.revokeAllByTenant(tenant(tenantId), Revocation.immediate(now, actor, reason));
        log.info("Revoked {} tokens in tenant {} by {}", count, tenantId, actor);
        emit(new TokenEvent.BulkRevoked(now, tenantId, null, count, actor, reason));
        return count;
    }

    /** Rotates with no grace period: the old token stops working at once. */
    public IssuedToken rotate(String tenantId, String tokenId, String actor) {
        return rotate(tenantId, tokenId, Duration.ZERO, actor);
    }

    /**
     * Replaces an active token with a new one of the same name, abilities, IP allowlist and lifetime. The old token
     * keeps working for {@code gracePeriod} (zero: stops at once); both are linked to each other.
     *
     * @throws TokenNotFoundException when the tenant has no such token
     * @throws InvalidTokenRequestException when the token is not active, or the grace period is negative
     */
    public IssuedToken rotate(String tenantId, String tokenId, Duration gracePeriod, String actor) {
        if (gracePeriod.isNegative()) {
            throw new InvalidTokenRequestException("gracePeriod", "gracePeriod must not be negative, was "
                    + gracePeriod);
        }
        Instant now = clock.instant();
        StoredToken old = store.find(tenant(tenantId), tokenId)
                .orElseThrow(() -> new TokenNotFoundException(tokenId));
        if (TokenStatus.of(old, now) != TokenStatus.ACTIVE || old.rotatedToId() != null) {
            throw new InvalidTokenRequestException("id", "Only an active token that was not rotated yet can be "
                    + "rotated; this one is " + (old.rotatedToId() != null ? "rotated" : TokenStatus.of(old, now)
                            .name().toLowerCase(java.util.Locale.ROOT)));
        }
        checkAbilities(tenantId, old.ownerId(), old.abilities());
        Instant expiresAt = null;
        if (old.expiresAt() != null) {
            Duration lifetime = Duration.between(old.createdAt(), old.expiresAt());
            expiresAt = now.plus(lifetime.compareTo(policy.maxLifetime()) > 0 ? policy.maxLifetime() : lifetime);
        } else if (!policy.allowNeverExpires()) {
            expiresAt = now.plus(policy.maxLifetime());
        }
        IssuedToken replacement = create(tenantId, old.ownerId(), old.name(), old.abilities(), now, expiresAt,
                old.id(), old.metadata(), Long.MAX_VALUE, // no limit, but ordered against revokeAllForOwner
                old.allowedIps());
        Instant revokeAt = now.plus(gracePeriod);
        // no grace: the old token stops on every node at once; a grace period ends by each node's clock
        Revocation revocation = gracePeriod.isZero() ? Revocation.immediate(now, actor, "rotated")
                : Revocation.scheduled(revokeAt, actor, "rotated");
        if (!store.markRotated(tenantId, old.id(), replacement.info().id(), revocation)) {
            // another rotation or a revocation won the race: withdraw this replacement, so that only one lives on and
            // a revoked token never has a live replacement
            store.revoke(tenantId, replacement.info().id(), Revocation.immediate(now, actor, "concurrent change"));
            boolean rotated = store.find(tenantId, old.id()).map(StoredToken::rotatedToId).isPresent();
            throw new InvalidTokenRequestException("id", rotated
                    ? "The token was rotated concurrently; use its replacement"
                    : "The token was revoked concurrently; it can no longer be rotated");
        }
        TokenInfo previous = get(tenantId, old.id()).orElseThrow(() -> new TokenNotFoundException(tokenId));
        log.info("Rotated token {} to {} in tenant {} by {}", old.id(), replacement.info().id(), tenantId, actor);
        emit(new TokenEvent.Rotated(now, previous, replacement.info(), revokeAt));
        return replacement;
    }

    /**
     * Deletes tokens that expired or were revoked more than {@code retention} ago.
     *
     * @return how many were deleted
     */
    public int prune(Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, was " + retention);
        }
        int deleted = store.deleteInactiveBefore(clock.instant().minus(retention));
        store.deleteUsageBefore(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .minusDays(DailyUsage.RETENTION_DAYS - 1L));
        log.info("Pruned {} tokens inactive for more than {}", deleted, retention);
        return deleted;
    }

    // ---------------------------------------------------------------- usage and lifecycle

    /**
     * Writes pending last-used times whose interval has passed (the background flush does this on its own).
     *
     * @return how many tokens were written
     */
    public int flushUsage() {
        return usage.flush(false);
    }

    /** How many last-used times (and re-hashes) wait to be written. */
    public int pendingUsageWrites() {
        return usage.pendingCount();
    }

    /** The store this service reads and writes. */
    public TokenStore store() {
        return store;
    }

    public AbilityCatalog catalog() {
        return catalog;
    }

    public TokenPolicy policy() {
        return policy;
    }

    public Clock clock() {
        return clock;
    }

    /** The prefix new tokens get. */
    public String prefix() {
        return prefix;
    }

    /** Every prefix verification accepts. */
    public Set<String> acceptedPrefixes() {
        return acceptedPrefixes;
    }

    /**
     * Stops the background flush (shutting down its scheduler unless it was
     * {@linkplain Builder#usageFlushScheduler(ScheduledExecutorService) supplied}) and writes every pending last-used
     * time, retrying for up to the
     * {@linkplain Builder#shutdownFlushTimeout(Duration) shutdown flush timeout} while the store is unreachable.
     * A verification still in flight, or one made afterwards, writes its use itself, so that no use is lost
     * without a warning that counts it. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (flush != null) {
            flush.cancel(false);
        }
        if (ownScheduler != null) {
            ownScheduler.shutdown();
            try {
                ownScheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushBeforeShutdown();
    }

    /**
     * Writes every pending last use and re-hash, retrying with growing pauses (0.1 s doubling up to 1 s) for at most
     * the shutdown flush timeout while the store fails. What is still pending is logged with its count only.
     */
    private void flushBeforeShutdown() {
        // uses that verifications still in flight record meanwhile are theirs to write (see verify): retry only
        // while a flush fails, not while traffic goes on
        int written = usage.flush(true);
        Duration waited = Duration.ZERO;
        Duration pause = Duration.ofMillis(100);
        while (flushFailed(written) && waited.compareTo(shutdownFlushTimeout) < 0) {
            Duration left = shutdownFlushTimeout.minus(waited);
            Duration next = pause.compareTo(left) > 0 ? left : pause;
            try {
                sleeper.sleep(next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            waited = waited.plus(next);
            pause = pause.multipliedBy(2).compareTo(MAX_SHUTDOWN_PAUSE) > 0 ? MAX_SHUTDOWN_PAUSE
                    : pause.multipliedBy(2);
            written = usage.flush(true);
        }
        if (flushFailed(written)) {
            log.warn("Could not write the last use of {} tokens before shutdown within {}; it is lost",
                    usage.pendingCount(), shutdownFlushTimeout);
        }
    }

    /** Whether a forced flush that wrote {@code written} updates failed: nothing written, yet writes wait. */
    private boolean flushFailed(int written) {
        return written == 0 && usage.pendingCount() > 0;
    }

    /**
     * Writes a use that a verification in flight recorded after {@link #close()} began: the final flush may have
     * passed it already, and nothing else would write it. What cannot be written is logged with its count only.
     */
    private void writeUsageAfterClose() {
        if (flushFailed(usage.flush(true))) {
            log.warn("Could not write the last use of {} tokens after shutdown; it is lost", usage.pendingCount());
        }
    }

    /** A tenant id as it enters through the API; see {@link Identifiers#require}. */
    private static String tenant(String tenantId) {
        return Identifiers.require("tenantId", tenantId);
    }

    private static String owner(String ownerId) {
        return Identifiers.require("ownerId", ownerId);
    }

    /** Tells every listener; a listener that throws is logged and skipped. */
    void emit(TokenEvent event) {
        for (TokenEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("Token event listener {} failed on {}", listener, event.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "TokenService[prefix=" + prefix + ", store=" + store + ", hasher=" + hasher + ", policy=" + policy
                + "]";
    }

    /** Waits between retries of the final flush (a seam for tests, which must not wait). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    /** Settings of a {@link TokenService}; each setter validates at once. */
    public static final class Builder {

        private final TokenStore store;
        private Clock clock = Clock.systemUTC();
        private TokenHasher hasher = TokenHasher.sha256();
        private AbilityCatalog catalog = AbilityCatalog.unrestricted();
        private TokenPolicy policy = TokenPolicy.defaults();
        private String prefix = TokenFormat.DEFAULT_PREFIX;
        private final Set<String> acceptedPrefixes = new LinkedHashSet<>();
        private Random random = new SecureRandom();
        private @Nullable GrantableAbilities grantable;
        private final List<TokenEventListener> listeners = new ArrayList<>();
        private final List<VerificationObserver> observers = new ArrayList<>();
        private boolean usageTracking = true;
        private boolean backgroundFlush = true;
        private @Nullable ScheduledExecutorService usageFlushScheduler;
        private Duration usageFlushInterval = Duration.ofSeconds(60);
        private Duration shutdownFlushTimeout = Duration.ofSeconds(5);
        private Sleeper sleeper = pause -> Thread.sleep(pause.toMillis());

        private Builder(TokenStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** Where time comes from (UTC system clock by default). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How tokens are hashed ({@link TokenHasher#sha256()} by default). */
        public Builder hasher(TokenHasher hasher) {
            this.hasher = Objects.requireNonNull(hasher, "hasher");
            return this;
        }

        /** The abilities tokens may hold ({@link AbilityCatalog#unrestricted()} by default). */
        public Builder catalog(AbilityCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        public Builder policy(TokenPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The prefix of new tokens ({@code klink_pat} by default). */
        public Builder prefix(String prefix) {
            this.prefix = TokenFormat.requireValidPrefix(prefix);
            return this;
        }

        /** More prefixes verification accepts besides {@link #prefix(String)}, e.g. after renaming it. */
        public Builder acceptPrefixes(String... prefixes) {
            for (String accepted : prefixes) {
                acceptedPrefixes.add(TokenFormat.requireValidPrefix(accepted));
            }
            return this;
        }

        /** The source of ids and secrets; a {@link SecureRandom} by default. Replace only in tests. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * What an owner may grant. By default an owner may grant exactly the abilities declared in the catalog (any
         * concrete ability with {@link AbilityCatalog#unrestricted()}), never {@code *} or {@code x:*}: a wildcard
         * is issuable only where this answer names it. Every ability a requested one implies must be grantable too.
         */
        public Builder grantableAbilities(GrantableAbilities grantable) {
            this.grantable = Objects.requireNonNull(grantable, "grantableAbilities");
            return this;
        }

        public Builder listener(TokenEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds an observer told about every verification and its duration (for metrics). */
        public Builder verificationObserver(VerificationObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /** Whether to record each token's last use (true by default). */
        public Builder usageTracking(boolean usageTracking) {
            this.usageTracking = usageTracking;
            return this;
        }

        /** The shortest time between two writes of one token's last use (60 s by default). */
        public Builder usageFlushInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("usageFlushInterval must be positive, was " + interval);
            }
            this.usageFlushInterval = interval;
            return this;
        }

        /**
         * How long {@link TokenService#close()} keeps retrying the final flush of last-used times and re-hashes
         * while the store is unreachable (5 s by default; zero tries once). What it still cannot write is logged at
         * WARN with the number of tokens.
         */
        public Builder shutdownFlushTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shutdownFlushTimeout must not be negative, was " + timeout);
            }
            this.shutdownFlushTimeout = timeout;
            return this;
        }

        /** How close() waits between retries of the final flush; replaced only in tests. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Whether a background thread flushes last-used times and re-hashes (true by default). Without it, call
         * {@link TokenService#flushUsage()} yourself; {@link TokenService#close()} always flushes.
         */
        public Builder backgroundUsageFlush(boolean backgroundFlush) {
            this.backgroundFlush = backgroundFlush;
            return this;
        }

        /**
         * Runs the background flush on {@code scheduler} instead of a daemon thread of the service's own, so that a
         * container or a test owns the threads. {@link TokenService#close()} cancels the flush but leaves the
         * scheduler running: its owner shuts it down.
         */
        public Builder usageFlushScheduler(ScheduledExecutorService scheduler) {
            this.usageFlushScheduler = Objects.requireNonNull(scheduler, "usageFlushScheduler");
            return this;
        }

        public TokenService build() {
            return new TokenService(this);
        }
    }
}
