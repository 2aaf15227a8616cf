package dev.klink.tokens.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.klink.tokens.DuplicateTokenIdException;
import dev.klink.tokens.page.KeysetPage;
import dev.klink.tokens.page.KeysetRequest;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenStatus;
import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.IpAllowlist;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenFilter;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TokenStore} must have, as JUnit 5 tests. A store's test extends this class and
 * implements {@link #createStore(MutableClock)}:
 *
 * <pre>{@code
 * class InMemoryTokenStoreContractTest extends TokenStoreContract {
 *     @Override
 *     protected TokenStore createStore(MutableClock clock) {
 *         return new InMemoryTokenStore();
 *     }
 * }
 * }</pre>
 *
 * Each test gets a fresh, empty store; a database-backed store clears its tables in {@code createStore}. All
 * instants the tests use have microsecond precision, the least a store must keep. Token ids, tenant ids and owner
 * ids are case-sensitive and compared exactly; listings order ids by their characters' code points (as
 * {@link String#compareTo} does), so an SQL store needs a binary collation for them.
 */
public abstract class TokenStoreContract {

    /** Where the clock stands when each test starts (microsecond precision on purpose). */
    protected static final Instant START = Instant.parse("2026-03-14T09:26:53.589793Z");
    protected static final String TENANT_A = "tenant-a";
    protected static final String TENANT_B = "tenant-b";
    protected static final String ALICE = "alice";
    protected static final String BOB = "bob";

    private static final Duration MICRO = Duration.of(1, ChronoUnit.MICROS);
    private static final long SEED = 20260314L;

    private MutableClock clock = MutableClock.at(START);
    private StoredTokens tokens = StoredTokens.create(clock, new Random(SEED));
    private @Nullable TokenStore store;

    /**
     * The store under test: new, or emptied, for every test. {@code clock} is the one the tests move; a store that
     * reads time itself must use it.
     */
    protected abstract TokenStore createStore(MutableClock clock);

    /** How many threads the concurrency tests start. */
    protected int concurrency() {
        return 8;
    }

    @BeforeEach
    final void createFreshStore() {
        clock = MutableClock.at(START);
        tokens = StoredTokens.create(clock, new Random(SEED));
        store = createStore(clock);
    }

    protected final TokenStore store() {
        if (store == null) {
            throw new IllegalStateException("the store is created before each test");
        }
        return store;
    }

    protected final MutableClock clock() {
        return clock;
    }

    protected final StoredTokens tokens() {
        return tokens;
    }

    /** The clock's instant (microsecond precision as long as tests move the clock by whole microseconds). */
    protected final Instant now() {
        return clock.instant();
    }

    /** Builds the token and inserts it. */
    protected final StoredToken insert(StoredTokens.Builder token) {
        StoredToken built = token.build();
        store().insert(built);
        return built;
    }

    /** Asserts that the store holds exactly {@code expected} under its id. */
    protected final void assertStored(StoredToken expected) {
        assertThat(store().findById(expected.id())).contains(expected);
    }

    /** An immediate revocation, as revoke and revoke-all make. */
    private static Revocation revocation(Instant at, String actor) {
        return Revocation.immediate(at, actor, "reason of " + actor);
    }

    /** A scheduled revocation, as a rotation with a grace period makes. */
    private static Revocation scheduled(Instant at, String actor) {
        return Revocation.scheduled(at, actor, "reason of " + actor);
    }

    private static StoredToken revoked(StoredToken token, Revocation revocation) {
        return token.toBuilder().revocation(revocation).build();
    }

    private static <T> Page<T> page(int page, int size, long total, List<T> items) {
        return Page.of(items, PageRequest.of(page, size), total);
    }

    // ---- insert, findById, find ----

    @Test
    void insertThenFindByIdReturnsEveryFieldExactly() {
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = (byte) (i * 37 - 128);
        }
        hash[0] = 0;
        hash[31] = (byte) 0xFF;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("ci", "github-actions");
        metadata.put("repo", "acme/shop");
        metadata.put("ticket", "OPS-1234");
        String previousId = tokens.randomId();
        String nextId = tokens.randomId();
        StoredToken token = insert(tokens.token()
                .withPrefix("acme_ci")
                .withTenant(TENANT_A)
                .withOwner(ALICE)
                .withName("Deploy from CI")
                .withAbilities("orders:read", "orders:write", "admin:*", "reports")
                .withHash("hmac-sha256:key-2026.03", hash)
                .withCreatedAt(Instant.parse("2026-01-02T03:04:05.000001Z"))
                .withExpiresAt(Instant.parse("2027-01-02T03:04:05.999999Z"))
                .withRevocation(Instant.parse("2026-04-05T06:07:08.123456Z"), "admin:carol", "left the team")
                .withLastUsed(Instant.parse("2026-02-03T04:05:06.654321Z"), "2001:db8:85a3::8a2e:370:7334")
                .withRotatedFrom(previousId)
                .withRotatedTo(nextId)
                .withMetadata(metadata));

        StoredToken found = store().findById(token.id()).orElseThrow();

        assertThat(found).isEqualTo(token);
        assertThat(found.abilities()).containsExactly("admin:*", "orders:read", "orders:write", "reports");
        assertThat(found.hash()).containsExactly(hash);
        assertThat(found.hashScheme()).isEqualTo("hmac-sha256:key-2026.03");
        assertThat(found.createdAt()).isEqualTo("2026-01-02T03:04:05.000001Z");
        assertThat(found.expiresAt()).isEqualTo("2027-01-02T03:04:05.999999Z");
        assertThat(found.revokedAt()).isEqualTo("2026-04-05T06:07:08.123456Z");
        assertThat(found.lastUsedAt()).isEqualTo("2026-02-03T04:05:06.654321Z");
        assertThat(found.metadata()).containsExactlyInAnyOrderEntriesOf(metadata);
        assertThat(found.rotatedFromId()).isEqualTo(previousId);
        assertThat(found.rotatedToId()).isEqualTo(nextId);
    }

    @Test
    void insertWhenOptionalFieldsAbsentThenFindByIdReturnsThemAbsent() {
        StoredToken token = insert(tokens.token().neverExpiring().withAbilities().withMetadata(Map.of()));

        StoredToken found = store().findById(token.id()).orElseThrow();

        assertThat(found).isEqualTo(token);
        assertThat(found.expiresAt()).isNull();
        assertThat(found.revokedAt()).isNull();
        assertThat(found.revokedBy()).isNull();
        assertThat(found.revokeReason()).isNull();
        assertThat(found.lastUsedAt()).isNull();
        assertThat(found.lastUsedIp()).isNull();
        assertThat(found.rotatedFromId()).isNull();
        assertThat(found.rotatedToId()).isNull();
        assertThat(found.abilities()).isEmpty();
        assertThat(found.metadata()).isEmpty();
    }

    @Test
    void insertWhenRevokedWithoutReasonThenReasonStaysNull() {
        StoredToken token = insert(tokens.token().withRevocation(now(), "system", null));

        assertStored(token);
    }

    @Test
    void insertWhenTextIsNotAsciiThenKeptExactly() {
        String longName = "Ä".repeat(99) + "😀";
        StoredToken token = insert(tokens.token()
                .withTenant("mandant-ü")
                .withOwner("jürgen@example.de")
                .withName(longName)
                .withAbilities("bestellungen:lesen")
                .withMetadata(Map.of("beschreibung", "Zugriff für die Buchhaltung 📊", "emoji", "🚀")));

        assertStored(token);
        assertThat(store().find("mandant-ü", token.id())).contains(token);
        assertThat(store().listByOwner("mandant-ü", "jürgen@example.de", PageRequest.first(10)))
                .isEqualTo(page(0, 10, 1, List.of(token)));
    }

    @Test
    void insertWhenTimestampsHaveMicrosecondsThenKeptToTheMicrosecond() {
        Instant created = Instant.parse("2026-03-14T23:59:59.999999Z");
        StoredToken token = insert(tokens.token()
                .withCreatedAt(created)
                .withExpiresAt(created.plus(Duration.ofDays(1)).plus(MICRO))
                .withLastUsed(created.plus(MICRO), "192.0.2.7")
                .withRevocation(Instant.parse("2026-03-15T00:00:00.000001Z"), "admin", "micro"));

        assertStored(token);
    }

    @Test
    void insertWhenIdExistsThenDuplicateTokenIdExceptionAndFirstKept() {
        StoredToken first = insert(tokens.token().withName("first"));
        StoredToken second = tokens.token().withId(first.id()).withName("second").build();

        assertThatExceptionOfType(DuplicateTokenIdException.class)
                .isThrownBy(() -> store().insert(second))
                .satisfies(e -> assertThat(e.tokenId()).isEqualTo(first.id()));
        assertStored(first);
    }

    @Test
    void insertWhenIdExistsInAnotherTenantThenDuplicateTokenIdException() {
        StoredToken first = insert(tokens.token().withTenant(TENANT_A));
        StoredToken second = tokens.token().withId(first.id()).withTenant(TENANT_B).build();

        assertThatExceptionOfType(DuplicateTokenIdException.class)
                .isThrownBy(() -> store().insert(second))
                .satisfies(e -> assertThat(e.tokenId()).isEqualTo(first.id()));
        assertStored(first);
        assertThat(store().find(TENANT_B, first.id())).isEmpty();
        assertThat(store().listByTenant(TENANT_B, PageRequest.first(10))).isEqualTo(page(0, 10, 0, List.of()));
    }

    @Test
    void insertWhenIdsDifferOnlyInCaseThenBothKept() {
        String base = tokens.randomId().substring(0, 15);
        StoredToken lower = insert(tokens.token().withId(base + "a").withName("lower"));
        StoredToken upper = insert(tokens.token().withId(base + "A").withName("upper"));

        assertStored(lower);
        assertStored(upper);
        assertThat(store().findById(base + "b")).isEmpty();
    }

    @Test
    void findByIdWhenUnknownThenEmpty() {
        insert(tokens.token());

        assertThat(store().findById(tokens.randomId())).isEmpty();
    }

    @Test
    void findByIdAtVerificationTimeWhenStoredThenTheRowAndAChangeSeenAtOnce() {
        StoredToken token = insert(tokens.token().withTenant(TENANT_A));

        assertThat(store().findById(token.id(), now())).contains(token);
        assertThat(store().findById(tokens.randomId(), now())).isEmpty();
        Instant revokedAt = now().minusSeconds(1);
        assertThat(store().revoke(TENANT_A, token.id(), revocation(revokedAt, "admin"))).isTrue();

        assertThat(store().findById(token.id(), now()).orElseThrow().revokedAt()).isEqualTo(revokedAt);
    }

    @Test
    void findWhenTokenInTenantThenReturnsIt() {
        StoredToken token = insert(tokens.token().withTenant(TENANT_A));

        assertThat(store().find(TENANT_A, token.id())).contains(token);
    }

    @Test
    void findWhenTokenInAnotherTenantThenEmpty() {
        StoredToken token = insert(tokens.token().withTenant(TENANT_A));

        assertThat(store().find(TENANT_B, token.id())).isEmpty();
    }

    @Test
    void findWhenUnknownIdThenEmpty() {
        insert(tokens.token().withTenant(TENANT_A));

        assertThat(store().find(TENANT_A, tokens.randomId())).isEmpty();
    }

    @Test
    void findByIdWhenRevokedOrExpiredThenStillReturnsIt() {
        StoredToken revoked = insert(tokens.token().withRevocation(now().minusSeconds(60), "admin", "old"));
        StoredToken expired = insert(tokens.token()
                .withCreatedAt(now().minus(Duration.ofDays(40)))
                .withExpiresAt(now().minus(Duration.ofDays(10))));

        assertStored(revoked);
        assertStored(expired);
    }

    // ---- listByOwner, listByTenant ----

    /** Seven tokens of alice in tenant A, in the order the listing must return them; inserted shuffled. */
    private List<StoredToken> insertSevenNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(tokens.randomId());
        }
        // Pairs share a creation time, so ties must fall back to id descending for the paging to be stable.
        ids.sort(Collections.reverseOrder());
        List<StoredToken> newestFirst = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            newestFirst.add(tokens.token()
                    .withId(ids.get(i))
                    .withTenant(TENANT_A)
                    .withOwner(ALICE)
                    .withName("token " + i)
                    .withCreatedAt(now().minus(Duration.ofMinutes(i / 2)))
                    .build());
        }
        List<StoredToken> shuffled = new ArrayList<>(newestFirst);
        Collections.shuffle(shuffled, new Random(SEED));
        shuffled.forEach(store()::insert);
        return List.copyOf(newestFirst);
    }

    @Test
    void listByOwnerWhenNoTokensThenEmptyPageWithZeroTotal() {
        insert(tokens.token().withTenant(TENANT_A).withOwner(BOB));

        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.first(20)))
                .isEqualTo(page(0, 20, 0, List.of()));
    }

    @Test
    void listByOwnerWhenPagedThenFullPagesPartialLastPageAndEmptyBeyond() {
        List<StoredToken> all = insertSevenNewestFirst();

        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.of(0, 3)))
                .isEqualTo(page(0, 3, 7, all.subList(0, 3)));
        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.of(1, 3)))
                .isEqualTo(page(1, 3, 7, all.subList(3, 6)));
        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.of(2, 3)))
                .isEqualTo(page(2, 3, 7, all.subList(6, 7)));
        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.of(3, 3)))
                .isEqualTo(page(3, 3, 7, List.of()));
        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.of(100, 3)))
                .isEqualTo(page(100, 3, 7, List.of()));
    }

    @Test
    void listByOwnerWhenPageSizeCoversAllThenOnePage() {
        List<StoredToken> all = insertSevenNewestFirst();

        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.first(7))).isEqualTo(page(0, 7, 7, all));
        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.first(PageRequest.MAX_SIZE)))
                .isEqualTo(page(0, PageRequest.MAX_SIZE, 7, all));
        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.of(1, 7))).isEqualTo(page(1, 7, 7, List.of()));
    }

    @Test
    void listByOwnerWhenPageSizeOneThenEachTokenInOrder() {
        List<StoredToken> all = insertSevenNewestFirst();

        for (int i = 0; i < all.size(); i++) {
            assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.of(i, 1)))
                    .isEqualTo(page(i, 1, 7, List.of(all.get(i))));
        }
    }

    @Test
    void listByOwnerOrdersByCreatedAtDescending() {
        StoredToken oldest = insert(tokens.token().withOwner(ALICE).withCreatedAt(now().minus(Duration.ofDays(3))));
        StoredToken newest = insert(tokens.token().withOwner(ALICE).withCreatedAt(now()));
        StoredToken middle = insert(tokens.token().withOwner(ALICE).withCreatedAt(now().minus(MICRO)));

        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.first(10)).items())
                .containsExactly(newest, middle, oldest);
    }

    @Test
    void listByOwnerWhenCreatedAtTiesThenIdDescendingByCodePoint() {
        String base = tokens.randomId().substring(0, 15);
        // Code points: '9' < 'B' < 'a'; a case-insensitive collation would put "B" before "a".
        StoredToken digit = insert(tokens.token().withId(base + "9").withOwner(ALICE).withCreatedAt(now()));
        StoredToken lower = insert(tokens.token().withId(base + "a").withOwner(ALICE).withCreatedAt(now()));
        StoredToken upper = insert(tokens.token().withId(base + "B").withOwner(ALICE).withCreatedAt(now()));
        StoredToken older = insert(tokens.token().withId(base + "z").withOwner(ALICE)
                .withCreatedAt(now().minus(MICRO)));

        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.first(10)).items())
                .containsExactly(lower, upper, digit, older);
    }

    @Test
    void listByOwnerReturnsEveryStatusAndOnlyThatOwnerInThatTenant() {
        StoredToken active = insert(tokens.token().withOwner(ALICE).withCreatedAt(now()));
        StoredToken expired = insert(tokens.token().withOwner(ALICE)
                .withCreatedAt(now().minus(Duration.ofDays(31))));
        StoredToken revoked = insert(tokens.token().withOwner(ALICE).withCreatedAt(now().minus(Duration.ofDays(1)))
                .withRevocation(now().minus(Duration.ofHours(1)), "admin", null));
        StoredToken scheduled = insert(tokens.token().withOwner(ALICE)
                .withCreatedAt(now().minus(Duration.ofDays(2)))
                .withRevocation(now().plus(Duration.ofHours(1)), "rotation", "rotated"));
        insert(tokens.token().withOwner(BOB));
        insert(tokens.token().withTenant(TENANT_B).withOwner(ALICE));
        insert(tokens.token().withOwner("Alice"));

        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.first(10)))
                .isEqualTo(page(0, 10, 4, List.of(active, revoked, scheduled, expired)));
    }

    @Test
    void listByTenantWhenPagedThenFullPagesPartialLastPageAndEmptyBeyond() {
        List<StoredToken> all = insertSevenNewestFirst();

        assertThat(store().listByTenant(TENANT_A, PageRequest.of(0, 2)))
                .isEqualTo(page(0, 2, 7, all.subList(0, 2)));
        assertThat(store().listByTenant(TENANT_A, PageRequest.of(1, 2)))
                .isEqualTo(page(1, 2, 7, all.subList(2, 4)));
        assertThat(store().listByTenant(TENANT_A, PageRequest.of(2, 2)))
                .isEqualTo(page(2, 2, 7, all.subList(4, 6)));
        assertThat(store().listByTenant(TENANT_A, PageRequest.of(3, 2)))
                .isEqualTo(page(3, 2, 7, all.subList(6, 7)));
        assertThat(store().listByTenant(TENANT_A, PageRequest.of(4, 2)))
                .isEqualTo(page(4, 2, 7, List.of()));
    }

    @Test
    void listByTenantWhenNoTokensThenEmptyPageWithZeroTotal() {
        insert(tokens.token().withTenant(TENANT_B));

        assertThat(store().listByTenant(TENANT_A, PageRequest.first(5))).isEqualTo(page(0, 5, 0, List.of()));
        assertThat(store().listByTenant(TENANT_A, PageRequest.of(2, 5))).isEqualTo(page(2, 5, 0, List.of()));
    }

    @Test
    void listByTenantReturnsEveryOwnerAndStatusNewestFirstAndOnlyThatTenant() {
        StoredToken alices = insert(tokens.token().withOwner(ALICE).withCreatedAt(now().minus(Duration.ofHours(3))));
        StoredToken bobs = insert(tokens.token().withOwner(BOB).withCreatedAt(now().minus(Duration.ofHours(1))));
        StoredToken revoked = insert(tokens.token().withOwner(BOB).withCreatedAt(now().minus(Duration.ofHours(2)))
                .withRevocation(now().minus(Duration.ofMinutes(5)), "admin", "leaked"));
        StoredToken expired = insert(tokens.token().withOwner(ALICE)
                .withCreatedAt(now().minus(Duration.ofDays(60))));
        insert(tokens.token().withTenant(TENANT_B).withOwner(ALICE).withCreatedAt(now()));
        insert(tokens.token().withTenant("Tenant-A").withCreatedAt(now()));

        assertThat(store().listByTenant(TENANT_A, PageRequest.first(10)))
                .isEqualTo(page(0, 10, 4, List.of(bobs, revoked, alices, expired)));
    }

    @Test
    void listByTenantWhenCreatedAtTiesThenIdDescendingByCodePoint() {
        String base = tokens.randomId().substring(0, 15);
        StoredToken upper = insert(tokens.token().withId(base + "Z").withOwner(BOB).withCreatedAt(now()));
        StoredToken lower = insert(tokens.token().withId(base + "b").withOwner(ALICE).withCreatedAt(now()));
        StoredToken digit = insert(tokens.token().withId(base + "0").withOwner(ALICE).withCreatedAt(now()));

        assertThat(store().listByTenant(TENANT_A, PageRequest.first(10)).items())
                .containsExactly(lower, upper, digit);
    }

    // ---- countActiveByOwner ----

    @Test
    void countActiveByOwnerCountsOnlyActiveTokensAtTheBoundaries() {
        Instant now = now();
        insert(tokens.token().withOwner(ALICE).withExpiresAt(now.plus(Duration.ofDays(30))));
        insert(tokens.token().withOwner(ALICE).neverExpiring());
        insert(tokens.token().withOwner(ALICE).withExpiresAt(now.plus(MICRO)));
        insert(tokens.token().withOwner(ALICE).withRevocation(now.plus(MICRO), "rotation", "rotated"));
        insert(tokens.token().withOwner(ALICE).withExpiresAt(now));
        insert(tokens.token().withOwner(ALICE).withCreatedAt(now.minus(Duration.ofDays(31)))
                .withExpiresAt(now.minus(MICRO)));
        insert(tokens.token().withOwner(ALICE).withRevocation(now, "admin", null));
        insert(tokens.token().withOwner(ALICE).withRevocation(now.minus(Duration.ofHours(1)), "admin", null));
        insert(tokens.token().withOwner(BOB));
        insert(tokens.token().withOwner("Alice"));
        insert(tokens.token().withTenant(TENANT_B).withOwner(ALICE));

        assertThat(store().countActiveByOwner(TENANT_A, ALICE, now)).isEqualTo(4);
        assertThat(store().countActiveByOwner(TENANT_A, ALICE, now.plus(MICRO))).isEqualTo(2);
        assertThat(store().countActiveByOwner(TENANT_A, ALICE, now.minus(MICRO))).isEqualTo(6);
    }

    @Test
    void countActiveByOwnerWhenNoTokensThenZero() {
        insert(tokens.token().withTenant(TENANT_B).withOwner(ALICE));

        assertThat(store().countActiveByOwner(TENANT_A, ALICE, now())).isZero();
    }

    // ---- revoke ----

    @Test
    void revokeWhenActiveThenSetsRevocationAndReturnsTrue() {
        StoredToken token = insert(tokens.token());
        Revocation revocation = Revocation.immediate(now(), "admin:carol", "leaked in a CI log");

        assertThat(store().revoke(TENANT_A, token.id(), revocation)).isTrue();

        assertStored(token.toBuilder().revocation(revocation).build());
        assertThat(store().findById(token.id()).orElseThrow().revokedImmediately()).isTrue();
    }

    @Test
    void revokeWhenReasonAbsentThenStoresNoReason() {
        StoredToken token = insert(tokens.token());

        Revocation revocation = Revocation.immediate(now(), "alice", null);

        assertThat(store().revoke(TENANT_A, token.id(), revocation)).isTrue();

        assertStored(token.toBuilder().revocation(revocation).build());
    }

    @Test
    void revokeWhenExpiredButNotRevokedThenRevokes() {
        StoredToken token = insert(tokens.token().withCreatedAt(now().minus(Duration.ofDays(40))));
        Revocation revocation = revocation(now(), "admin");

        assertThat(store().revoke(TENANT_A, token.id(), revocation)).isTrue();

        assertStored(revoked(token, revocation));
    }

    @Test
    void revokeWhenAlreadyRevokedThenReturnsFalseAndKeepsFirstActor() {
        StoredToken token = insert(tokens.token());
        Revocation first = revocation(now(), "first");
        assertThat(store().revoke(TENANT_A, token.id(), first)).isTrue();
        clock.advance(Duration.ofMinutes(5));

        assertThat(store().revoke(TENANT_A, token.id(), revocation(now(), "second"))).isFalse();

        assertStored(revoked(token, first));
    }

    @Test
    void revokeWhenAlreadyRevokedAtTheSameInstantThenReturnsFalseAndKeepsFirstActor() {
        StoredToken token = insert(tokens.token());
        Revocation first = revocation(now(), "first");
        assertThat(store().revoke(TENANT_A, token.id(), first)).isTrue();

        assertThat(store().revoke(TENANT_A, token.id(), revocation(now(), "second"))).isFalse();

        assertStored(revoked(token, first));
    }

    @Test
    void revokeWhenScheduledInTheFutureThenMovesItEarlier() {
        StoredToken token = insert(tokens.token()
                .withRevocation(now().plus(Duration.ofHours(24)), "rotation", "rotated with grace period"));
        Revocation now = revocation(now(), "admin");

        assertThat(store().revoke(TENANT_A, token.id(), now)).isTrue();

        assertStored(revoked(token, now));
    }

    @Test
    void revokeWhenScheduledEarlierThanRequestedThenReturnsFalseAndKeepsSchedule() {
        StoredToken token = insert(tokens.token()
                .withRevocation(now().plus(Duration.ofHours(1)), "rotation", "rotated with grace period"));

        assertThat(store().revoke(TENANT_A, token.id(), scheduled(now().plus(Duration.ofHours(2)), "later")))
                .isFalse();
        assertThat(store().revoke(TENANT_A, token.id(), scheduled(now().plus(Duration.ofHours(1)), "same")))
                .isFalse();

        assertStored(token);
    }

    @Test
    void revokeWhenImmediateThenRevokedAtAnyInstantEvenBeforeIt() {
        StoredToken token = insert(tokens.token());

        assertThat(store().revoke(TENANT_A, token.id(), revocation(now(), "admin"))).isTrue();

        // a node whose clock lags must not see the token as active
        StoredToken stored = store().findById(token.id()).orElseThrow();
        assertThat(stored.revokedImmediately()).isTrue();
        assertThat(TokenStatus.of(stored, now().minus(Duration.ofSeconds(10)))).isEqualTo(TokenStatus.REVOKED);
        assertThat(TokenStatus.of(stored, now().minus(Duration.ofDays(365)))).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void revokeWhenRevokedImmediatelyThenAnEarlierRevocationChangesNothing() {
        StoredToken token = insert(tokens.token());
        Revocation first = revocation(now(), "first");
        assertThat(store().revoke(TENANT_A, token.id(), first)).isTrue();

        // a node whose clock lags revokes again: the immediate revocation is final
        assertThat(store().revoke(TENANT_A, token.id(), revocation(now().minus(Duration.ofSeconds(10)), "second")))
                .isFalse();
        assertThat(store().revokeAllByOwner(TENANT_A, token.ownerId(),
                revocation(now().minus(Duration.ofSeconds(10)), "owner-wide"))).isZero();
        assertThat(store().revokeAllByTenant(TENANT_A, revocation(now().minus(Duration.ofSeconds(10)),
                "tenant-wide"))).isZero();

        assertStored(revoked(token, first));
    }

    @Test
    void revokeWhenScheduledThenStoredAsScheduledAndActiveUntilThen() {
        StoredToken token = insert(tokens.token());
        Revocation later = scheduled(now().plus(Duration.ofHours(1)), "rotation");

        assertThat(store().revoke(TENANT_A, token.id(), later)).isTrue();

        assertStored(revoked(token, later));
        StoredToken stored = store().findById(token.id()).orElseThrow();
        assertThat(stored.revokedImmediately()).isFalse();
        assertThat(TokenStatus.of(stored, now())).isEqualTo(TokenStatus.ACTIVE);
        assertThat(TokenStatus.of(stored, later.at())).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void insertWhenRevokedImmediatelyThenFindByIdKeepsIt() {
        StoredToken token = insert(tokens.token()
                .withImmediateRevocation(Instant.parse("2026-04-05T06:07:08.123456Z"), "admin", "leaked"));

        assertStored(token);
        assertThat(store().findById(token.id()).orElseThrow().revokedImmediately()).isTrue();
    }

    @Test
    void countActiveByOwnerWhenRevokedImmediatelyThenNotCountedEvenBeforeTheRevocation() {
        insert(tokens.token().withOwner(ALICE).withImmediateRevocation(now(), "admin", null));
        insert(tokens.token().withOwner(ALICE));

        assertThat(store().countActiveByOwner(TENANT_A, ALICE, now().minus(Duration.ofSeconds(10)))).isEqualTo(1);
    }

    @Test
    void findExpiringWhenRevokedImmediatelyThenLeftOutEvenBeforeTheRevocation() {
        StoredToken kept = insert(tokens.token().withExpiresAt(now().plus(Duration.ofDays(3))));
        insert(tokens.token().withExpiresAt(now().plus(Duration.ofDays(3)))
                .withImmediateRevocation(now(), "admin", null));

        assertThat(store().findExpiring(now().minus(Duration.ofSeconds(10)), now().plus(Duration.ofDays(7))))
                .containsExactly(kept);
    }

    @Test
    void revokeWhenUnknownIdThenReturnsFalseAndChangesNothing() {
        StoredToken token = insert(tokens.token());
        String unknown = tokens.randomId();

        assertThat(store().revoke(TENANT_A, unknown, revocation(now(), "admin"))).isFalse();

        assertStored(token);
        assertThat(store().findById(unknown)).isEmpty();
    }

    @Test
    void revokeWhenTokenInAnotherTenantThenReturnsFalseAndChangesNothing() {
        StoredToken token = insert(tokens.token().withTenant(TENANT_B));

        assertThat(store().revoke(TENANT_A, token.id(), revocation(now(), "intruder"))).isFalse();

        assertStored(token);
    }

    @Test
    void revokeChangesOnlyThatToken() {
        StoredToken target = insert(tokens.token().withOwner(ALICE));
        StoredToken sibling = insert(tokens.token().withOwner(ALICE));
        Revocation revocation = revocation(now(), "alice");

        assertThat(store().revoke(TENANT_A, target.id(), revocation)).isTrue();

        assertStored(revoked(target, revocation));
        assertStored(sibling);
    }

    // ---- revokeAllByOwner, revokeAllByTenant ----

    @Test
    void revokeAllByOwnerRevokesEveryNotYetRevokedTokenOfTheOwnerAndCountsThem() {
        StoredToken active1 = insert(tokens.token().withOwner(ALICE));
        StoredToken active2 = insert(tokens.token().withOwner(ALICE).neverExpiring());
        StoredToken expired = insert(tokens.token().withOwner(ALICE)
                .withCreatedAt(now().minus(Duration.ofDays(40))));
        StoredToken scheduled = insert(tokens.token().withOwner(ALICE)
                .withRevocation(now().plus(Duration.ofHours(1)), "rotation", "rotated"));
        StoredToken alreadyRevoked = insert(tokens.token().withOwner(ALICE)
                .withRevocation(now().minus(Duration.ofHours(1)), "admin", "earlier"));
        StoredToken bobs = insert(tokens.token().withOwner(BOB));
        StoredToken otherTenant = insert(tokens.token().withTenant(TENANT_B).withOwner(ALICE));
        StoredToken otherCase = insert(tokens.token().withOwner("ALICE"));
        Revocation revocation = revocation(now(), "alice");

        assertThat(store().revokeAllByOwner(TENANT_A, ALICE, revocation)).isEqualTo(4);

        assertStored(revoked(active1, revocation));
        assertStored(revoked(active2, revocation));
        assertStored(revoked(expired, revocation));
        assertStored(revoked(scheduled, revocation));
        assertStored(alreadyRevoked);
        assertStored(bobs);
        assertStored(otherTenant);
        assertStored(otherCase);
    }

    @Test
    void revokeAllByOwnerWhenRepeatedThenZeroAndFirstRevocationKept() {
        StoredToken token = insert(tokens.token().withOwner(ALICE));
        Revocation first = revocation(now(), "first");
        assertThat(store().revokeAllByOwner(TENANT_A, ALICE, first)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));

        assertThat(store().revokeAllByOwner(TENANT_A, ALICE, revocation(now(), "second"))).isZero();

        assertStored(revoked(token, first));
    }

    @Test
    void revokeAllByOwnerWhenOwnerHasNoTokensThenZero() {
        StoredToken bobs = insert(tokens.token().withOwner(BOB));

        assertThat(store().revokeAllByOwner(TENANT_A, ALICE, revocation(now(), "admin"))).isZero();

        assertStored(bobs);
    }

    @Test
    void revokeAllByTenantRevokesEveryNotYetRevokedTokenOfTheTenantAndCountsThem() {
        StoredToken alices = insert(tokens.token().withOwner(ALICE));
        StoredToken bobs = insert(tokens.token().withOwner(BOB).neverExpiring());
        StoredToken scheduled = insert(tokens.token().withOwner(BOB)
                .withRevocation(now().plus(Duration.ofDays(1)), "rotation", "rotated"));
        StoredToken alreadyRevoked = insert(tokens.token().withOwner(ALICE)
                .withRevocation(now().minus(Duration.ofDays(1)), "admin", "earlier"));
        StoredToken otherTenant = insert(tokens.token().withTenant(TENANT_B).withOwner(ALICE));
        StoredToken otherCase = insert(tokens.token().withTenant("TENANT-A").withOwner(ALICE));
        Revocation revocation = revocation(now(), "tenant-admin");

        assertThat(store().revokeAllByTenant(TENANT_A, revocation)).isEqualTo(3);

        assertStored(revoked(alices, revocation));
        assertStored(revoked(bobs, revocation));
        assertStored(revoked(scheduled, revocation));
        assertStored(alreadyRevoked);
        assertStored(otherTenant);
        assertStored(otherCase);
    }

    @Test
    void revokeAllByTenantWhenRepeatedThenZero() {
        insert(tokens.token());
        insert(tokens.token().withOwner(BOB));
        assertThat(store().revokeAllByTenant(TENANT_A, revocation(now(), "first"))).isEqualTo(2);

        assertThat(store().revokeAllByTenant(TENANT_A, revocation(now(), "second"))).isZero();
    }

    @Test
    void revokeAllByTenantWhenTenantHasNoTokensThenZero() {
        StoredToken other = insert(tokens.token().withTenant(TENANT_B));

        assertThat(store().revokeAllByTenant(TENANT_A, revocation(now(), "admin"))).isZero();

        assertStored(other);
    }

    // ---- insertWithinLimit ----

    @Test
    void insertWithinLimitWhenBelowLimitThenInsertsAndAtLimitThenRefusesAndChangesNothing() {
        insert(tokens.token().withOwner(ALICE));
        insert(tokens.token().withOwner(ALICE).withRevocation(now(), "admin", null));
        insert(tokens.token().withOwner(ALICE).withExpiresAt(now()));
        insert(tokens.token().withOwner(BOB));
        insert(tokens.token().withOwner(ALICE).withTenant(TENANT_B));
        StoredToken second = tokens.token().withOwner(ALICE).build();
        StoredToken third = tokens.token().withOwner(ALICE).build();

        assertThat(store().insertWithinLimit(second, 2, now())).isTrue();
        assertThat(store().insertWithinLimit(third, 2, now())).isFalse();

        assertStored(second);
        assertThat(store().findById(third.id())).isEmpty();
        assertThat(store().countActiveByOwner(TENANT_A, ALICE, now())).isEqualTo(2);
    }

    @Test
    void insertWithinLimitWhenIdExistsThenDuplicateTokenIdException() {
        StoredToken first = insert(tokens.token());

        StoredToken duplicate = tokens.token().withId(first.id()).build();

        assertThatExceptionOfType(DuplicateTokenIdException.class)
                .isThrownBy(() -> store().insertWithinLimit(duplicate, 10, now()));
        assertStored(first);
    }

    @Test
    void insertWithinLimitWhenManyThreadsInsertForOneOwnerThenExactlyTheLimitSucceeds() throws Exception {
        int limit = concurrency() / 2;
        for (int round = 0; round < 5; round++) {
            String owner = "owner-" + round;
            List<StoredToken> candidates = IntStream.range(0, concurrency())
                    .mapToObj(i -> tokens.token().withOwner(owner).build())
                    .toList();

            List<Boolean> inserted = runConcurrently(i -> store().insertWithinLimit(candidates.get(i), limit,
                    now()));

            assertThat(inserted.stream().filter(Boolean::booleanValue).count()).as("round " + round)
                    .isEqualTo(limit);
            assertThat(store().countActiveByOwner(TENANT_A, owner, now())).isEqualTo(limit);
        }
    }

    // ---- markRotated ----

    @Test
    void markRotatedLinksTheOldTokenAndRevokesItNow() {
        StoredToken old = insert(tokens.token().withCreatedAt(now().minus(Duration.ofDays(10))));
        StoredToken replacement = insert(tokens.token().withRotatedFrom(old.id()));
        Revocation revocation = Revocation.immediate(now(), "alice", "rotated");

        assertThat(store().markRotated(TENANT_A, old.id(), replacement.id(), revocation)).isTrue();

        assertStored(old.toBuilder().rotatedToId(replacement.id()).revocation(revocation).build());
        assertStored(replacement);
    }

    @Test
    void markRotatedWithFutureRevocationThenLinkedAndStillActiveUntilThen() {
        StoredToken old = insert(tokens.token().withOwner(ALICE));
        StoredToken replacement = insert(tokens.token().withOwner(ALICE).withRotatedFrom(old.id()));
        Instant graceEnd = now().plus(Duration.ofHours(24));
        Revocation revocation = Revocation.scheduled(graceEnd, "alice", "rotated with grace period");

        assertThat(store().markRotated(TENANT_A, old.id(), replacement.id(), revocation)).isTrue();

        assertStored(old.toBuilder().rotatedToId(replacement.id())
                .revocation(graceEnd, "alice", "rotated with grace period").build());
        assertThat(store().countActiveByOwner(TENANT_A, ALICE, now())).isEqualTo(2);
        assertThat(store().countActiveByOwner(TENANT_A, ALICE, graceEnd)).isEqualTo(1);
    }

    @Test
    void markRotatedWhenAlreadyRevokedThenReturnsFalseAndChangesNothing() {
        StoredToken old = insert(tokens.token().withRevocation(now().minus(Duration.ofHours(1)), "admin", "leak"));

        assertThat(store().markRotated(TENANT_A, old.id(), tokens.randomId(), revocation(now(), "alice"))).isFalse();

        assertStored(old);
    }

    @Test
    void markRotatedWhenRevokedAtTheSameInstantThenReturnsFalseAndChangesNothing() {
        StoredToken old = insert(tokens.token());
        assertThat(store().revoke(TENANT_A, old.id(), revocation(now(), "admin"))).isTrue();

        assertThat(store().markRotated(TENANT_A, old.id(), tokens.randomId(), revocation(now(), "alice"))).isFalse();

        assertStored(revoked(old, revocation(now(), "admin")));
    }

    @Test
    void markRotatedWhenRevocationScheduledThenReturnsFalseAndKeepsSchedule() {
        Instant scheduled = now().plus(Duration.ofHours(1));
        StoredToken old = insert(tokens.token().withRevocation(scheduled, "admin", "offboarding"));

        assertThat(store().markRotated(TENANT_A, old.id(), tokens.randomId(), revocation(now(), "alice"))).isFalse();

        assertStored(old);
    }

    @Test
    void markRotatedWhenTokenInAnotherTenantThenReturnsFalseAndChangesNothing() {
        StoredToken old = insert(tokens.token().withTenant(TENANT_B));

        assertThat(store().markRotated(TENANT_A, old.id(), tokens.randomId(), revocation(now(), "intruder")))
                .isFalse();

        assertStored(old);
    }

    @Test
    void markRotatedWhenAlreadyRotatedThenReturnsFalseAndKeepsTheFirstReplacement() {
        StoredToken old = insert(tokens.token());
        String first = tokens.randomId();
        Instant firstRevocation = now().plus(Duration.ofHours(1));
        assertThat(store().markRotated(TENANT_A, old.id(), first, Revocation.scheduled(firstRevocation, "alice",
                "rotated")))
                .isTrue();

        assertThat(store().markRotated(TENANT_A, old.id(), tokens.randomId(), revocation(now(), "bob"))).isFalse();

        assertStored(old.toBuilder().rotatedToId(first).revocation(firstRevocation, "alice", "rotated").build());
    }

    @Test
    void markRotatedWhenUnknownIdThenReturnsFalse() {
        StoredToken other = insert(tokens.token());
        String unknown = tokens.randomId();

        assertThat(store().markRotated(TENANT_A, unknown, other.id(), revocation(now(), "alice"))).isFalse();

        assertThat(store().findById(unknown)).isEmpty();
        assertStored(other);
    }

    // ---- recordUsage ----

    @Test
    void recordUsageWritesSeveralTokensInOneBatch() {
        StoredToken first = insert(tokens.token());
        StoredToken second = insert(tokens.token().withLastUsed(now().minus(Duration.ofDays(1)), "10.0.0.1"));
        StoredToken third = insert(tokens.token().withTenant(TENANT_B));
        StoredToken untouched = insert(tokens.token());
        Instant t1 = now().plus(MICRO);
        Instant t2 = now().plus(Duration.ofSeconds(2));
        Instant t3 = now().plus(Duration.ofMinutes(3));

        store().recordUsage(List.of(
                new UsageUpdate(first.id(), t1, "192.0.2.1"),
                new UsageUpdate(second.id(), t2, "2001:db8::1"),
                new UsageUpdate(third.id(), t3, null)));

        assertStored(first.toBuilder().lastUsed(t1, "192.0.2.1").build());
        assertStored(second.toBuilder().lastUsed(t2, "2001:db8::1").build());
        assertStored(third.toBuilder().lastUsed(t3, null).build());
        assertStored(untouched);
    }

    @Test
    void recordUsageWhenNewerThenMovesLastUsedForward() {
        StoredToken token = insert(tokens.token().withLastUsed(now(), "192.0.2.1"));
        Instant later = now().plus(MICRO);

        store().recordUsage(List.of(new UsageUpdate(token.id(), later, "192.0.2.2")));

        assertStored(token.toBuilder().lastUsed(later, "192.0.2.2").build());
    }

    @Test
    void recordUsageWhenOlderThanStoredThenIgnored() {
        StoredToken token = insert(tokens.token().withLastUsed(now(), "192.0.2.1"));

        store().recordUsage(List.of(new UsageUpdate(token.id(), now().minus(MICRO), "198.51.100.9")));

        assertStored(token);
    }

    @Test
    void recordUsageWhenEqualToStoredThenKeepsStoredValue() {
        StoredToken token = insert(tokens.token().withLastUsed(now(), "192.0.2.1"));

        store().recordUsage(List.of(new UsageUpdate(token.id(), now(), "198.51.100.9")));

        assertStored(token);
    }

    @Test
    void recordUsageWhenNewerWithoutIpThenClearsIp() {
        StoredToken token = insert(tokens.token().withLastUsed(now(), "192.0.2.1"));
        Instant later = now().plusSeconds(61);

        store().recordUsage(List.of(new UsageUpdate(token.id(), later, null)));

        assertStored(token.toBuilder().lastUsed(later, null).build());
    }

    @Test
    void recordUsageWhenSameTokenTwiceInBatchThenLatestWins() {
        StoredToken token = insert(tokens.token());
        Instant earlier = now().plusSeconds(1);
        Instant later = now().plusSeconds(2);

        store().recordUsage(List.of(
                new UsageUpdate(token.id(), later, "192.0.2.2"),
                new UsageUpdate(token.id(), earlier, "192.0.2.1")));

        assertStored(token.toBuilder().lastUsed(later, "192.0.2.2").build());
    }

    @Test
    void recordUsageWhenUnknownIdThenIgnoredAndOthersWritten() {
        StoredToken known = insert(tokens.token());
        String unknown = tokens.randomId();
        Instant at = now().plusSeconds(5);

        store().recordUsage(List.of(
                new UsageUpdate(unknown, at, "192.0.2.1"),
                new UsageUpdate(known.id(), at, "192.0.2.2")));

        assertStored(known.toBuilder().lastUsed(at, "192.0.2.2").build());
        assertThat(store().findById(unknown)).isEmpty();
        assertThat(store().listByTenant(TENANT_A, PageRequest.first(10))).isEqualTo(
                page(0, 10, 1, List.of(known.toBuilder().lastUsed(at, "192.0.2.2").build())));
    }

    @Test
    void recordUsageWhenEmptyThenChangesNothing() {
        StoredToken token = insert(tokens.token());

        store().recordUsage(List.of());

        assertStored(token);
    }

    @Test
    void recordUsageWhenTokenRevokedThenStillRecorded() {
        StoredToken token = insert(tokens.token().withRevocation(now(), "admin", null));
        Instant at = now().minus(MICRO);

        store().recordUsage(List.of(new UsageUpdate(token.id(), at, "192.0.2.1")));

        assertStored(token.toBuilder().lastUsed(at, "192.0.2.1").build());
    }

    // ---- updateHash ----

    @Test
    void updateHashReplacesSchemeAndHashOnly() {
        StoredToken token = insert(tokens.token()
                .withHash("hmac-sha256:old", tokens.randomHash())
                .withLastUsed(now(), "192.0.2.1")
                .withMetadata(Map.of("k", "v")));
        StoredToken other = insert(tokens.token());
        byte[] newHash = tokens.randomHash();

        store().updateHash(token.id(), "hmac-sha256:new", newHash);

        StoredToken found = store().findById(token.id()).orElseThrow();
        assertThat(found).isEqualTo(token.toBuilder().hash("hmac-sha256:new", newHash).build());
        assertThat(found.hash()).containsExactly(newHash);
        assertStored(other);
    }

    @Test
    void updateHashWhenUnknownIdThenChangesNothing() {
        StoredToken token = insert(tokens.token());
        String unknown = tokens.randomId();

        store().updateHash(unknown, "sha256", tokens.randomHash());

        assertThat(store().findById(unknown)).isEmpty();
        assertStored(token);
    }

    // ---- deleteInactiveBefore ----

    @Test
    void deleteInactiveBeforeDeletesOnlyTokensExpiredOrRevokedStrictlyBeforeCutoff() {
        Instant cutoff = now();
        Instant longAgo = cutoff.minus(Duration.ofDays(400));
        StoredToken expiredJustBefore = insert(tokens.token().withCreatedAt(longAgo)
                .withExpiresAt(cutoff.minus(MICRO)));
        StoredToken revokedJustBefore = insert(tokens.token().withCreatedAt(longAgo)
                .withExpiresAt(cutoff.plus(Duration.ofDays(1)))
                .withRevocation(cutoff.minus(MICRO), "admin", null));
        StoredToken revokedNeverExpiring = insert(tokens.token().withCreatedAt(longAgo).neverExpiring()
                .withRevocation(cutoff.minus(Duration.ofDays(1)), "admin", null));
        StoredToken otherTenantExpired = insert(tokens.token().withTenant(TENANT_B).withCreatedAt(longAgo)
                .withExpiresAt(cutoff.minus(Duration.ofDays(1))));
        StoredToken expiredAtCutoff = insert(tokens.token().withCreatedAt(longAgo).withExpiresAt(cutoff));
        StoredToken revokedAtCutoff = insert(tokens.token().withCreatedAt(longAgo)
                .withExpiresAt(cutoff.plus(Duration.ofDays(1)))
                .withRevocation(cutoff, "admin", null));
        StoredToken scheduled = insert(tokens.token().withCreatedAt(longAgo)
                .withExpiresAt(cutoff.plus(Duration.ofDays(1)))
                .withRevocation(cutoff.plus(Duration.ofHours(1)), "rotation", "rotated"));
        StoredToken active = insert(tokens.token().withCreatedAt(longAgo)
                .withExpiresAt(cutoff.plus(MICRO)));
        StoredToken neverExpiring = insert(tokens.token().withCreatedAt(longAgo).neverExpiring());

        assertThat(store().deleteInactiveBefore(cutoff)).isEqualTo(4);

        for (StoredToken deleted : List.of(expiredJustBefore, revokedJustBefore, revokedNeverExpiring,
                otherTenantExpired)) {
            assertThat(store().findById(deleted.id())).as(deleted.name()).isEmpty();
        }
        for (StoredToken kept : List.of(expiredAtCutoff, revokedAtCutoff, scheduled, active, neverExpiring)) {
            assertStored(kept);
        }
        assertThat(store().listByTenant(TENANT_A, PageRequest.first(20)).totalItems()).isEqualTo(5);
    }

    @Test
    void deleteInactiveBeforeWhenRepeatedThenZero() {
        insert(tokens.token().withCreatedAt(now().minus(Duration.ofDays(60))));
        assertThat(store().deleteInactiveBefore(now())).isEqualTo(1);

        assertThat(store().deleteInactiveBefore(now())).isZero();
    }

    @Test
    void deleteInactiveBeforeWhenNothingInactiveThenZeroAndAllKept() {
        StoredToken active = insert(tokens.token());
        StoredToken neverExpiring = insert(tokens.token().neverExpiring());

        assertThat(store().deleteInactiveBefore(now())).isZero();

        assertStored(active);
        assertStored(neverExpiring);
    }

    // ---- findExpiring ----

    @Test
    void findExpiringReturnsUnrevokedTokensOfEveryTenantExpiringInTheHalfOpenWindowSoonestFirst() {
        Instant from = now();
        Instant until = from.plus(Duration.ofDays(7));
        Instant created = from.minus(Duration.ofDays(20));
        insert(tokens.token().withCreatedAt(created).withExpiresAt(from));
        StoredToken justAfterFrom = insert(tokens.token().withCreatedAt(created).withExpiresAt(from.plus(MICRO)));
        StoredToken atUntil = insert(tokens.token().withCreatedAt(created).withExpiresAt(until));
        insert(tokens.token().withCreatedAt(created).withExpiresAt(until.plus(MICRO)));
        insert(tokens.token().withCreatedAt(created).withExpiresAt(from.minus(Duration.ofDays(1))));
        insert(tokens.token().withCreatedAt(created).neverExpiring());
        insert(tokens.token().withCreatedAt(created).withExpiresAt(from.plus(Duration.ofDays(1)))
                .withRevocation(from.minus(Duration.ofHours(1)), "admin", null));
        insert(tokens.token().withCreatedAt(created).withExpiresAt(from.plus(Duration.ofDays(1)))
                .withRevocation(from, "admin", null));
        StoredToken scheduled = insert(tokens.token().withCreatedAt(created)
                .withExpiresAt(from.plus(Duration.ofDays(2)))
                .withRevocation(from.plus(Duration.ofHours(1)), "rotation", "rotated"));
        StoredToken otherTenant = insert(tokens.token().withTenant(TENANT_B).withOwner(BOB).withCreatedAt(created)
                .withExpiresAt(from.plus(Duration.ofDays(3))));

        assertThat(store().findExpiring(from, until))
                .containsExactly(justAfterFrom, scheduled, otherTenant, atUntil);
    }

    @Test
    void findExpiringWhenNothingInWindowThenEmpty() {
        insert(tokens.token().withExpiresAt(now().plus(Duration.ofDays(30))));
        insert(tokens.token().neverExpiring());

        assertThat(store().findExpiring(now(), now().plus(Duration.ofDays(7)))).isEmpty();
    }

    // ---- claimReminder ----

    @Test
    void claimReminderWhenFirstThenTrueAndEveryLaterClaimOfThePairFalse() {
        StoredToken token = insert(tokens.token());
        Duration week = Duration.ofDays(7);

        assertThat(store().claimReminder(token.id(), week, now())).isTrue();

        assertThat(store().claimReminder(token.id(), week, now())).isFalse();
        assertThat(store().claimReminder(token.id(), Duration.ofSeconds(7 * 24 * 3600), now().plusSeconds(60)))
                .as("the same threshold in seconds, claimed later").isFalse();
        assertThat(store().claimReminder(token.id(), Duration.ofDays(1), now())).as("another threshold").isTrue();
        assertThat(store().claimReminder(token.id(), Duration.ofDays(1), now())).isFalse();
        assertStored(token);
    }

    @Test
    void claimReminderWhenIdsDifferOnlyInCaseThenSeparateClaims() {
        String id = "AbCdEfGhIjKlMnOp";
        Duration day = Duration.ofDays(1);

        assertThat(store().claimReminder(id, day, now())).isTrue();
        assertThat(store().claimReminder(id.toLowerCase(java.util.Locale.ROOT), day, now())).isTrue();
        assertThat(store().claimReminder(id.toUpperCase(java.util.Locale.ROOT), day, now())).isTrue();
        assertThat(store().claimReminder(id, day, now())).isFalse();
    }

    @Test
    void claimReminderWhenManyThreadsRaceOnManyTokensThenEachPairClaimedExactlyOnce() throws Exception {
        List<String> ids = IntStream.range(0, 25).mapToObj(i -> insert(tokens.token()).id()).toList();
        List<Duration> thresholds = List.of(Duration.ofDays(7), Duration.ofDays(1));
        List<List<String>> pairs = new ArrayList<>();
        for (String id : ids) {
            for (Duration threshold : thresholds) {
                pairs.add(List.of(id, Long.toString(threshold.getSeconds())));
            }
        }

        // every thread claims every pair, each in its own order: the winners must split the pairs between them
        List<List<List<String>>> won = runConcurrently(i -> {
            List<List<String>> order = new ArrayList<>(pairs);
            Collections.shuffle(order, new Random(SEED + i));
            List<List<String>> mine = new ArrayList<>();
            for (List<String> pair : order) {
                if (store().claimReminder(pair.get(0), Duration.ofSeconds(Long.parseLong(pair.get(1))), now())) {
                    mine.add(pair);
                }
            }
            return mine;
        });

        List<List<String>> allWon = won.stream().flatMap(List::stream).toList();
        assertThat(allWon).as("each (token, threshold) claimed by exactly one thread")
                .hasSize(pairs.size()).containsExactlyInAnyOrderElementsOf(pairs);
    }

    @Test
    void deleteInactiveBeforeDeletesTheRemindersOfDeletedTokensOnly() {
        Instant longAgo = now().minus(Duration.ofDays(60));
        StoredToken expired = insert(tokens.token().withCreatedAt(longAgo).withExpiresAt(now().minus(MICRO)));
        StoredToken active = insert(tokens.token().withCreatedAt(longAgo).withExpiresAt(now().plus(Duration.ofDays(1))));
        Duration day = Duration.ofDays(1);
        assertThat(store().claimReminder(expired.id(), day, longAgo)).isTrue();
        assertThat(store().claimReminder(active.id(), day, longAgo)).isTrue();

        assertThat(store().deleteInactiveBefore(now())).isEqualTo(1);

        assertThat(store().claimReminder(expired.id(), day, now())).as("the deleted token's claim went with it")
                .isTrue();
        assertThat(store().claimReminder(active.id(), day, now())).as("the kept token's claim stays").isFalse();
    }

    // ---- tenant isolation ----

    @Test
    void tenantTakingMethodsNeverSeeOrChangeAnotherTenantsToken() {
        assertIsolated(TENANT_A, TENANT_B);
    }

    @Test
    void tenantIdsDifferingOnlyInCaseAreDifferentTenants() {
        assertIsolated("acme", "ACME");
    }

    @Test
    void tenantIdThatIsAPrefixOfAnotherIsADifferentTenant() {
        assertIsolated("acme", "acme-eu");
    }

    /** Asks every tenant-taking method about {@code asked}; {@code other}'s token must stay invisible and intact. */
    private void assertIsolated(String asked, String other) {
        String owner = "shared-owner";
        StoredToken mine = insert(tokens.token().withTenant(asked).withOwner(owner)
                .withCreatedAt(now().minus(Duration.ofHours(1))));
        StoredToken theirs = insert(tokens.token().withTenant(other).withOwner(owner).withCreatedAt(now()));
        PageRequest firstPage = PageRequest.first(10);

        assertThat(store().find(asked, theirs.id())).isEmpty();
        assertThat(store().listByOwner(asked, owner, firstPage)).isEqualTo(page(0, 10, 1, List.of(mine)));
        assertThat(store().listByTenant(asked, firstPage)).isEqualTo(page(0, 10, 1, List.of(mine)));
        assertThat(store().listByTenant(asked, TokenFilter.all(now()), KeysetRequest.first(10)).items())
                .containsExactly(mine);
        assertThat(store().countActiveByOwner(asked, owner, now())).isEqualTo(1);
        assertThat(store().revoke(asked, theirs.id(), revocation(now(), "intruder"))).isFalse();
        assertThat(store().markRotated(asked, theirs.id(), mine.id(), revocation(now(), "intruder"))).isFalse();
        assertStored(theirs);

        Revocation ownerWide = revocation(now(), "owner-wide");
        assertThat(store().revokeAllByOwner(asked, owner, ownerWide)).isEqualTo(1);
        assertStored(revoked(mine, ownerWide));
        assertStored(theirs);

        store().insert(tokens.token().withTenant(asked).withOwner("someone-else").build());
        assertThat(store().revokeAllByTenant(asked, revocation(now(), "tenant-wide"))).isEqualTo(1);
        assertStored(theirs);
        assertThat(store().find(other, theirs.id())).contains(theirs);
        assertThat(store().listByTenant(other, firstPage)).isEqualTo(page(0, 10, 1, List.of(theirs)));
        assertThat(store().countActiveByOwner(other, owner, now())).isEqualTo(1);
    }

    // ---- keyset listing of a tenant (admin view) ----

    /** Reads every page of {@code size} through the cursors and returns the pages. */
    private List<KeysetPage<StoredToken>> allKeysetPages(String tenantId, TokenFilter filter, int size) {
        List<KeysetPage<StoredToken>> pages = new ArrayList<>();
        KeysetPage<StoredToken> page = store().listByTenant(tenantId, filter, KeysetRequest.first(size));
        pages.add(page);
        while (page.next() != null) {
            page = store().listByTenant(tenantId, filter, KeysetRequest.after(page.next(), size));
            pages.add(page);
        }
        return pages;
    }

    @Test
    void listByTenantKeysetWhenPagedThenNewestFirstWithoutGapsOrRepeatsAndNoCursorOnTheLastPage() {
        List<StoredToken> all = insertSevenNewestFirst();
        TokenFilter everything = TokenFilter.all(now());

        List<KeysetPage<StoredToken>> pages = allKeysetPages(TENANT_A, everything, 3);

        assertThat(pages).containsExactly(
                new KeysetPage<>(all.subList(0, 3), all.get(2).position()),
                new KeysetPage<>(all.subList(3, 6), all.get(5).position()),
                new KeysetPage<>(all.subList(6, 7), null));
    }

    @Test
    void listByTenantKeysetWhenRowsFillTheLastPageExactlyThenNoCursor() {
        List<StoredToken> all = insertSevenNewestFirst();

        assertThat(store().listByTenant(TENANT_A, TokenFilter.all(now()), KeysetRequest.first(7)))
                .isEqualTo(new KeysetPage<>(all, null));
        assertThat(store().listByTenant(TENANT_A, TokenFilter.all(now()),
                KeysetRequest.after(all.get(6).position(), 5))).isEqualTo(new KeysetPage<>(List.of(), null));
    }

    @Test
    void listByTenantKeysetWhenNoTokensThenEmptyPageWithoutCursor() {
        insert(tokens.token().withTenant(TENANT_B));

        assertThat(store().listByTenant(TENANT_A, TokenFilter.all(now()), KeysetRequest.first(5)))
                .isEqualTo(new KeysetPage<>(List.of(), null));
    }

    @Test
    void listByTenantKeysetWhenCreatedAtTiesThenIdDescendingByCodePointAndTheCursorSplitsTheTie() {
        String base = tokens.randomId().substring(0, 15);
        StoredToken upper = insert(tokens.token().withId(base + "Z").withOwner(BOB).withCreatedAt(now()));
        StoredToken lower = insert(tokens.token().withId(base + "b").withOwner(ALICE).withCreatedAt(now()));
        StoredToken digit = insert(tokens.token().withId(base + "0").withOwner(ALICE).withCreatedAt(now()));
        StoredToken older = insert(tokens.token().withId(base + "z").withOwner(ALICE)
                .withCreatedAt(now().minus(MICRO)));

        List<KeysetPage<StoredToken>> pages = allKeysetPages(TENANT_A, TokenFilter.all(now()), 1);

        assertThat(pages).extracting(KeysetPage::items)
                .containsExactly(List.of(lower), List.of(upper), List.of(digit), List.of(older));
    }

    @Test
    void listByTenantKeysetFiltersByStatusAtNowAndByOwner() {
        StoredToken active = insert(tokens.token().withOwner(ALICE).withCreatedAt(now()));
        StoredToken scheduledLater = insert(tokens.token().withOwner(BOB).withCreatedAt(now().minus(MICRO))
                .withRevocation(now().plus(Duration.ofHours(1)), "rotation", "rotated"));
        StoredToken expiresNow = insert(tokens.token().withOwner(ALICE)
                .withCreatedAt(now().minus(Duration.ofMinutes(1))).withExpiresAt(now()));
        StoredToken expired = insert(tokens.token().withOwner(BOB)
                .withCreatedAt(now().minus(Duration.ofDays(31))));
        StoredToken revoked = insert(tokens.token().withOwner(ALICE).withCreatedAt(now().minus(Duration.ofHours(1)))
                .withImmediateRevocation(now().plus(Duration.ofSeconds(5)), "admin", "leaked"));
        StoredToken scheduledPast = insert(tokens.token().withOwner(BOB)
                .withCreatedAt(now().minus(Duration.ofHours(2)))
                .withRevocation(now(), "rotation", "rotated").withRotatedTo(tokens.randomId()));
        StoredToken revokedAndExpired = insert(tokens.token().withOwner(ALICE)
                .withCreatedAt(now().minus(Duration.ofDays(40)))
                .withImmediateRevocation(now().minus(Duration.ofDays(20)), "admin", null));
        insert(tokens.token().withTenant(TENANT_B).withOwner(ALICE).withCreatedAt(now()));

        assertThat(keysetItems(new TokenFilter(null, TokenFilter.Status.ACTIVE, now())))
                .containsExactly(active, scheduledLater);
        assertThat(keysetItems(new TokenFilter(null, TokenFilter.Status.EXPIRED, now())))
                .containsExactly(expiresNow, expired);
        assertThat(keysetItems(new TokenFilter(null, TokenFilter.Status.REVOKED, now())))
                .containsExactly(revoked, scheduledPast, revokedAndExpired);
        assertThat(keysetItems(new TokenFilter(ALICE, null, now())))
                .containsExactly(active, expiresNow, revoked, revokedAndExpired);
        assertThat(keysetItems(new TokenFilter(BOB, TokenFilter.Status.REVOKED, now())))
                .containsExactly(scheduledPast);
        assertThat(keysetItems(new TokenFilter("Alice", null, now()))).isEmpty();
        assertThat(keysetItems(new TokenFilter(null, TokenFilter.Status.ACTIVE, now().plus(Duration.ofHours(1)))))
                .containsExactly(active);
    }

    @Test
    void listByTenantKeysetWhenFilteredAndPagedThenEveryPageHoldsOnlyMatchesAndTheCursorSkipsTheRest() {
        List<StoredToken> alices = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            StoredToken token = insert(tokens.token().withOwner(i % 3 == 0 ? ALICE : BOB)
                    .withCreatedAt(now().minus(Duration.ofMinutes(i))));
            if (i % 3 == 0) {
                alices.add(token);
            }
        }

        List<KeysetPage<StoredToken>> pages = allKeysetPages(TENANT_A, new TokenFilter(ALICE, null, now()), 2);

        assertThat(pages).containsExactly(new KeysetPage<>(alices.subList(0, 2), alices.get(1).position()),
                new KeysetPage<>(alices.subList(2, 3), null));
    }

    @Test
    void listByTenantKeysetWhenTokensInsertedBetweenPagesThenTheNextPageContinuesAfterTheCursor() {
        List<StoredToken> all = insertSevenNewestFirst();
        KeysetPage<StoredToken> first = store().listByTenant(TENANT_A, TokenFilter.all(now()),
                KeysetRequest.first(3));
        // a newer token lands before the cursor (it belongs to an earlier page), an older one after it
        insert(tokens.token().withOwner(BOB).withCreatedAt(now().plus(Duration.ofMinutes(1))));
        StoredToken olderLateArrival = insert(tokens.token().withOwner(BOB)
                .withCreatedAt(now().minus(Duration.ofDays(1))));
        store().revoke(TENANT_A, all.get(0).id(), revocation(now(), "admin"));

        KeysetPage<StoredToken> second = store().listByTenant(TENANT_A, TokenFilter.all(now()),
                KeysetRequest.after(first.next(), 3));
        KeysetPage<StoredToken> third = store().listByTenant(TENANT_A, TokenFilter.all(now()),
                KeysetRequest.after(second.next(), 3));

        assertThat(first.items()).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(second).isEqualTo(new KeysetPage<>(all.subList(3, 6), all.get(5).position()));
        assertThat(third).isEqualTo(new KeysetPage<>(List.of(all.get(6), olderLateArrival), null));
    }

    @Test
    void listByTenantKeysetNeverReturnsAnotherTenantsTokensEvenWithTheirCursor() {
        StoredToken mine = insert(tokens.token().withTenant("acme").withOwner(ALICE)
                .withCreatedAt(now().minus(Duration.ofHours(1))));
        StoredToken theirs = insert(tokens.token().withTenant("globex").withOwner(ALICE).withCreatedAt(now()));
        insert(tokens.token().withTenant("ACME").withOwner(ALICE).withCreatedAt(now()));
        insert(tokens.token().withTenant("acme-eu").withOwner(ALICE).withCreatedAt(now()));

        assertThat(store().listByTenant("acme", TokenFilter.all(now()), KeysetRequest.first(10)))
                .isEqualTo(new KeysetPage<>(List.of(mine), null));
        assertThat(store().listByTenant("acme", new TokenFilter(ALICE, null, now()),
                KeysetRequest.after(theirs.position(), 10))).isEqualTo(new KeysetPage<>(List.of(mine), null));
        assertThat(store().listByTenant("globex", TokenFilter.all(now()), KeysetRequest.first(10)))
                .isEqualTo(new KeysetPage<>(List.of(theirs), null));
    }

    private List<StoredToken> keysetItems(TokenFilter filter) {
        return store().listByTenant(TENANT_A, filter, KeysetRequest.first(50)).items();
    }

    // ---- concurrency ----

    @Test
    void revokeWhenManyThreadsRevokeAtOnceThenExactlyOneSucceeds() throws Exception {
        StoredToken token = insert(tokens.token());
        Instant at = now();

        List<Boolean> results = runConcurrently(i -> store().revoke(TENANT_A, token.id(),
                revocation(at, "actor-" + i)));

        List<Integer> winners = IntStream.range(0, results.size()).filter(results::get).boxed().toList();
        assertThat(winners).hasSize(1);
        assertStored(revoked(token, revocation(at, "actor-" + winners.get(0))));
    }

    @Test
    void insertWhenManyThreadsInsertTheSameIdThenExactlyOneSucceeds() throws Exception {
        String id = tokens.randomId();
        List<StoredToken> candidates = IntStream.range(0, concurrency())
                .mapToObj(i -> tokens.token().withId(id).withName("candidate " + i).build())
                .toList();

        List<Boolean> inserted = runConcurrently(i -> {
            try {
                store().insert(candidates.get(i));
                return true;
            } catch (DuplicateTokenIdException e) {
                return false;
            }
        });

        List<Integer> winners = IntStream.range(0, inserted.size()).filter(inserted::get).boxed().toList();
        assertThat(winners).hasSize(1);
        assertStored(candidates.get(winners.get(0)));
    }

    @Test
    void recordUsageWhenManyThreadsWriteThenLatestInstantWins() throws Exception {
        StoredToken token = insert(tokens.token());
        int perThread = 20;
        List<List<UsageUpdate>> batches = new ArrayList<>();
        for (int i = 0; i < concurrency(); i++) {
            List<UsageUpdate> batch = new ArrayList<>();
            for (int j = 0; j < perThread; j++) {
                batch.add(new UsageUpdate(token.id(), now().plusSeconds((long) j * concurrency() + i), "ip-" + i));
            }
            Collections.shuffle(batch, new Random(SEED + i));
            batches.add(batch);
        }
        long latestSecond = (long) perThread * concurrency() - 1;

        runConcurrently(i -> {
            for (UsageUpdate update : batches.get(i)) {
                store().recordUsage(List.of(update));
            }
            return true;
        });

        int latestThread = (int) (latestSecond % concurrency());
        assertStored(token.toBuilder().lastUsed(now().plusSeconds(latestSecond), "ip-" + latestThread).build());
    }

    // ---- usage per day ----

    private static final LocalDate DAY = LocalDate.of(2026, 3, 14);

    private static UsageUpdate counted(StoredToken token, Instant at, DailyUsage... counts) {
        return new UsageUpdate(token.id(), at, "192.0.2.1", List.of(counts));
    }

    private static DailyUsage uses(LocalDate day, long count) {
        return new DailyUsage(day, count);
    }

    @Test
    void recordUsageAddsCountsPerDayAndUsageByDayReadsThemOldestFirst() {
        StoredToken token = insert(tokens.token());
        StoredToken other = insert(tokens.token());

        store().recordUsage(List.of(counted(token, now(), uses(DAY.minusDays(1), 2), uses(DAY, 3)),
                counted(other, now(), uses(DAY, 7))));
        store().recordUsage(List.of(counted(token, now().plusSeconds(60), uses(DAY, 4))));

        assertThat(store().usageByDay(TENANT_A, token.id(), DAY.minusDays(29), DAY))
                .containsExactly(uses(DAY.minusDays(1), 2), uses(DAY, 7));
        assertThat(store().usageByDay(TENANT_A, other.id(), DAY.minusDays(29), DAY)).containsExactly(uses(DAY, 7));
        assertStored(token.toBuilder().lastUsed(now().plusSeconds(60), "192.0.2.1").build());
    }

    @Test
    void recordUsageWhenSameTokenAndDayTwiceInBatchThenBothCount() {
        StoredToken token = insert(tokens.token());

        store().recordUsage(List.of(counted(token, now(), uses(DAY, 2)),
                counted(token, now().plusSeconds(1), uses(DAY, 5), uses(DAY.plusDays(1), 1))));

        assertThat(store().usageByDay(TENANT_A, token.id(), DAY, DAY.plusDays(1)))
                .containsExactly(uses(DAY, 7), uses(DAY.plusDays(1), 1));
    }

    @Test
    void recordUsageWhenCountsOfUnknownIdThenIgnoredAndOthersCounted() {
        StoredToken known = insert(tokens.token());
        String unknown = tokens.randomId();

        store().recordUsage(List.of(new UsageUpdate(unknown, now(), null, List.of(uses(DAY, 9))),
                counted(known, now(), uses(DAY, 1))));

        assertThat(store().usageByDay(TENANT_A, known.id(), DAY, DAY)).containsExactly(uses(DAY, 1));
        assertThat(store().usageByDay(TENANT_A, unknown, DAY, DAY)).isEmpty();
        assertThat(store().findById(unknown)).isEmpty();
    }

    @Test
    void recordUsageWhenZeroCountThenNoDayStored() {
        StoredToken token = insert(tokens.token());

        store().recordUsage(List.of(counted(token, now(), uses(DAY, 0))));

        assertThat(store().usageByDay(TENANT_A, token.id(), DAY.minusDays(29), DAY)).isEmpty();
    }

    @Test
    void usageByDayWhenTokenOfAnotherTenantThenEmpty() {
        StoredToken token = insert(tokens.token().withTenant(TENANT_B));
        store().recordUsage(List.of(counted(token, now(), uses(DAY, 3))));

        assertThat(store().usageByDay(TENANT_A, token.id(), DAY.minusDays(29), DAY)).isEmpty();
        assertThat(store().usageByDay(TENANT_B, token.id(), DAY.minusDays(29), DAY)).containsExactly(uses(DAY, 3));
    }

    @Test
    void usageByDayIncludesBothEndsOfTheRangeOnlyAcrossMonthAndYearEnds() {
        StoredToken token = insert(tokens.token());
        LocalDate newYear = LocalDate.of(2027, 1, 1);
        store().recordUsage(List.of(counted(token, now(), uses(newYear.minusDays(31), 1), uses(newYear.minusDays(30), 2),
                uses(newYear.minusDays(1), 3), uses(newYear, 4), uses(newYear.plusDays(1), 5))));

        assertThat(store().usageByDay(TENANT_A, token.id(), newYear.minusDays(30), newYear))
                .containsExactly(uses(newYear.minusDays(30), 2), uses(newYear.minusDays(1), 3), uses(newYear, 4));
        assertThat(store().usageByDay(TENANT_A, token.id(), newYear, newYear)).containsExactly(uses(newYear, 4));
    }

    @Test
    void usageByDayWhenJvmZoneIsAheadOrBehindUtcThenTheSameDays() {
        StoredToken token = insert(tokens.token());
        store().recordUsage(List.of(counted(token, now(), uses(DAY, 1), uses(DAY.plusDays(1), 2))));
        TimeZone zone = TimeZone.getDefault();
        try {
            for (String id : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago")) {
                TimeZone.setDefault(TimeZone.getTimeZone(id));
                assertThat(store().usageByDay(TENANT_A, token.id(), DAY, DAY.plusDays(1))).as(id)
                        .containsExactly(uses(DAY, 1), uses(DAY.plusDays(1), 2));
            }
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void deleteUsageBeforeDeletesOnlyDaysStrictlyBefore() {
        StoredToken token = insert(tokens.token());
        StoredToken other = insert(tokens.token().withTenant(TENANT_B));
        store().recordUsage(List.of(counted(token, now(), uses(DAY.minusDays(30), 1), uses(DAY.minusDays(29), 2),
                uses(DAY, 3)), counted(other, now(), uses(DAY.minusDays(40), 4))));

        assertThat(store().deleteUsageBefore(DAY.minusDays(29))).isEqualTo(2);

        assertThat(store().usageByDay(TENANT_A, token.id(), DAY.minusDays(60), DAY))
                .containsExactly(uses(DAY.minusDays(29), 2), uses(DAY, 3));
        assertThat(store().usageByDay(TENANT_B, other.id(), DAY.minusDays(60), DAY)).isEmpty();
        assertThat(store().deleteUsageBefore(DAY.minusDays(29))).isZero();
    }

    @Test
    void deleteInactiveBeforeDeletesTheCountsOfDeletedTokens() {
        StoredToken expired = insert(tokens.token().withCreatedAt(now().minus(Duration.ofDays(60)))
                .withExpiresAt(now().minus(Duration.ofDays(1))));
        StoredToken kept = insert(tokens.token());
        store().recordUsage(List.of(counted(expired, now(), uses(DAY, 5)), counted(kept, now(), uses(DAY, 6))));

        assertThat(store().deleteInactiveBefore(now())).isEqualTo(1);
        // an id is never reused in practice; here it shows that no count outlived its token
        insert(tokens.token().withId(expired.id()));

        assertThat(store().usageByDay(TENANT_A, expired.id(), DAY.minusDays(29), DAY)).isEmpty();
        assertThat(store().usageByDay(TENANT_A, kept.id(), DAY.minusDays(29), DAY)).containsExactly(uses(DAY, 6));
    }

    @Test
    void recordUsageWhenTwoNodesAddCountsConcurrentlyThenTheySumUp() throws Exception {
        StoredToken token = insert(tokens.token());
        StoredToken second = insert(tokens.token());
        int flushes = 10;

        // each thread is a node flushing its counts of both tokens, for a day both already hold and a new one
        runConcurrently(i -> {
            for (int j = 0; j < flushes; j++) {
                store().recordUsage(List.of(
                        counted(token, now().plusSeconds(j), uses(DAY, i + 1), uses(DAY.plusDays(1), 1)),
                        counted(second, now().plusSeconds(j), uses(DAY, 2))));
            }
            return true;
        });

        long perFlush = (long) concurrency() * (concurrency() + 1) / 2;
        assertThat(store().usageByDay(TENANT_A, token.id(), DAY, DAY.plusDays(1))).containsExactly(
                uses(DAY, perFlush * flushes), uses(DAY.plusDays(1), (long) concurrency() * flushes));
        assertThat(store().usageByDay(TENANT_A, second.id(), DAY, DAY.plusDays(1)))
                .containsExactly(uses(DAY, 2L * concurrency() * flushes));
    }

    /** Runs {@code task(i)} for i in [0, concurrency()) on as many threads released together; results by i. */
    private <T> List<T> runConcurrently(IndexedTask<T> task) throws InterruptedException, ExecutionException {
        int threads = concurrency();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    ready.countDown();
                    go.await();
                    return task.run(index);
                };
                futures.add(executor.submit(call));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads started").isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } catch (TimeoutException e) {
            throw new AssertionError("a concurrent store call did not finish within 60 s", e);
        } finally {
            executor.shutdownNow();
        }
    }

    // ---- IP allowlist ----

    @Test
    void insertWhenAllowedIpsThenEveryReadReturnsThemInOrder() {
        StoredToken token = insert(tokens.token().withTenant(TENANT_A).withOwner(ALICE)
                .withAllowedIps("10.0.0.0/8", "2001:db8::/32", "192.0.2.7", "::ffff:198.51.100.0/120"));
        List<String> expected = List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7/32", "::ffff:198.51.100.0/120");

        assertThat(store().findById(token.id()).orElseThrow().allowedIps().ranges()).containsExactlyElementsOf(expected);
        assertThat(store().find(TENANT_A, token.id()).orElseThrow().allowedIps().ranges())
                .containsExactlyElementsOf(expected);
        assertThat(store().listByOwner(TENANT_A, ALICE, PageRequest.first(10)).items())
                .singleElement().satisfies(listed -> assertThat(listed.allowedIps().ranges())
                        .containsExactlyElementsOf(expected));
        assertThat(store().listByTenant(TENANT_A, PageRequest.first(10)).items())
                .singleElement().satisfies(listed -> assertThat(listed).isEqualTo(token));
        assertStored(token);
    }

    @Test
    void insertWhenNoAllowedIpsThenReadBackAsAnyAddress() {
        StoredToken token = insert(tokens.token());

        StoredToken found = store().findById(token.id()).orElseThrow();

        assertThat(found.allowedIps()).isEqualTo(IpAllowlist.any());
        assertThat(found.allowedIps().allows("203.0.113.9")).isTrue();
    }

    @Test
    void insertWhenTwentyAllowedIpsThenAllKept() {
        String[] ranges = new String[IpAllowlist.MAX_RANGES];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = "2001:db8:" + Integer.toHexString(i + 1) + "::/48";
        }
        StoredToken token = insert(tokens.token().withAllowedIps(ranges));

        assertThat(store().findById(token.id()).orElseThrow().allowedIps().ranges()).hasSize(IpAllowlist.MAX_RANGES)
                .containsExactly(ranges);
    }

    @Test
    void revokeAndRecordUsageWhenAllowedIpsThenKept() {
        StoredToken token = insert(tokens.token().withTenant(TENANT_A).withAllowedIps("10.0.0.0/8"));
        Instant used = now().plusSeconds(1);

        store().recordUsage(List.of(new UsageUpdate(token.id(), used, "10.0.0.1")));
        assertThat(store().revoke(TENANT_A, token.id(), revocation(now().plusSeconds(2), "admin"))).isTrue();

        StoredToken found = store().findById(token.id()).orElseThrow();
        assertThat(found.allowedIps().ranges()).containsExactly("10.0.0.0/8");
        assertThat(found.lastUsedAt()).isEqualTo(used);
    }

    @FunctionalInterface
    private interface IndexedTask<T> {
        T run(int index) throws Exception;
    }
}
