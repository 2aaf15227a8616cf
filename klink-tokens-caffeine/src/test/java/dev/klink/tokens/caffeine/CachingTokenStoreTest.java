package dev.klink.tokens.caffeine;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.HmacKey;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.ForwardingTokenStore;
import dev.klink.tokens.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the cache adds to a store: fewer reads, bounded memory, and changes on this node seen at once. */
class CachingTokenStoreTest {

    private static final String TENANT = "acme";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final MutableClock clock = MutableClock.at("2026-06-01T08:00:00Z");
    private final InMemoryTokenStore backend = new InMemoryTokenStore();
    private final CountingStore counting = new CountingStore(backend);
    private final List<TokenService> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(TokenService::close);
    }

    private CachingTokenStore cache() {
        return CachingTokenStore.builder(counting).clock(clock).timeToLive(Duration.ofSeconds(10))
                .negativeMaximumSize(1_000).negativeTimeToLive(Duration.ofSeconds(1)).build();
    }

    private TokenService node(TokenStore store) {
        return node(store, TokenHasher.sha256());
    }

    private TokenService node(TokenStore store, TokenHasher hasher) {
        TokenService service = TokenService.builder(store).clock(clock).hasher(hasher).backgroundUsageFlush(false)
                .build();
        services.add(service);
        return service;
    }

    private static IssuedToken issue(TokenService service, String owner) {
        return service.issue(IssueRequest.builder(TENANT, owner).name("deploy").abilities("orders:read")
                .expiresInDays(30).build());
    }

    @Test
    void verifyWhenRepeatedThenOneStoreRead() {
        TokenService service = node(cache());
        IssuedToken issued = issue(service, "alice");

        for (int i = 0; i < 1_000; i++) {
            assertThat(service.verify(issued.plaintext())).isValid();
        }

        assertThat(counting.reads.get()).isOne();
    }

    @Test
    void verifyWhenUnknownIdsReplayedThenOneStoreReadPerIdAndTimeToLive() {
        TokenService service = node(cache());
        Random random = new Random(7);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            unknown.add(wellFormedToken(random));
        }

        for (int i = 0; i < 100_000; i++) {
            assertThat(service.verify(unknown.get(random.nextInt(unknown.size()))))
                    .isFailed(VerificationFailure.NOT_FOUND);
        }
        assertThat(counting.reads.get()).isEqualTo(1_000);

        clock.advance(Duration.ofSeconds(1));
        assertThat(service.verify(unknown.get(0))).isFailed(VerificationFailure.NOT_FOUND);
        assertThat(counting.reads.get()).isEqualTo(1_001);
    }

    @Test
    void verifyWhen100000DistinctUnknownIdsThenNegativeCacheStaysWithinItsSizeAndKnownTokensStayCached() {
        CachingTokenStore cache = cache();
        TokenService service = node(cache);
        IssuedToken known = issue(service, "alice");
        assertThat(service.verify(known.plaintext())).isValid();
        Random random = new Random(11);

        for (int i = 0; i < 100_000; i++) {
            assertThat(service.verify(wellFormedToken(random))).isFailed(VerificationFailure.NOT_FOUND);
        }

        long[] sizes = cache.sizes();
        assertThat(sizes[0]).as("found tokens cached").isOne();
        assertThat(sizes[1]).as("unknown ids cached").isLessThanOrEqualTo(1_000);
        int reads = counting.reads.get();
        assertThat(service.verify(known.plaintext())).isValid();
        assertThat(counting.reads.get()).as("the known token is still served from the cache").isEqualTo(reads);
    }

    @Test
    void verifyWhenRevokedOnThisNodeThenRevokedAtOnce() {
        TokenService service = node(cache());
        IssuedToken issued = issue(service, "alice");
        assertThat(service.verify(issued.plaintext())).isValid();

        service.revoke(TENANT, issued.info().id(), "admin", "leaked");

        assertThat(service.verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    @Test
    void verifyWhenAllOfOwnerOrTenantRevokedOnThisNodeThenRevokedAtOnce() {
        TokenService service = node(cache());
        IssuedToken alices = issue(service, "alice");
        IssuedToken bobs = issue(service, "bob");
        assertThat(service.verify(alices.plaintext())).isValid();
        assertThat(service.verify(bobs.plaintext())).isValid();

        service.revokeAllForOwner(TENANT, "alice", "admin", "offboarded");
        assertThat(service.verify(alices.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(service.verify(bobs.plaintext())).isValid();

        service.revokeAllForTenant(TENANT, "admin", "closed");
        assertThat(service.verify(bobs.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    @Test
    void verifyWhenRotatedOnThisNodeThenOldRevokedAtOnceAndReplacementValid() {
        TokenService service = node(cache());
        IssuedToken old = issue(service, "alice");
        assertThat(service.verify(old.plaintext())).isValid();

        IssuedToken replacement = service.rotate(TENANT, old.info().id(), "alice");

        assertThat(service.verify(old.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(service.verify(replacement.plaintext())).isValid();
    }

    @Test
    void verifyWhenCachedTokenExpiresThenExpiredWithoutAStoreRead() {
        CachingTokenStore cache = CachingTokenStore.builder(counting).clock(clock).timeToLive(Duration.ofDays(365))
                .build();
        TokenService service = node(cache);
        IssuedToken issued = issue(service, "alice");
        assertThat(service.verify(issued.plaintext())).isValid();

        clock.advance(Duration.ofDays(30));

        assertThat(service.verify(issued.plaintext())).isFailed(VerificationFailure.EXPIRED);
        assertThat(counting.reads.get()).isOne();
    }

    @Test
    void verifyWhenRevokedOnAnotherNodeThenSeenHereWithinTheTimeToLive() {
        TokenService here = node(cache());
        TokenService there = node(cache());
        IssuedToken issued = issue(there, "alice");
        assertThat(here.verify(issued.plaintext())).isValid();

        there.revoke(TENANT, issued.info().id(), "admin", "leaked");
        assertThat(here.verify(issued.plaintext())).as("cached here until the entry expires").isValid();
        clock.advance(Duration.ofSeconds(10));

        assertThat(here.verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    @Test
    void verifyWhenAgeOneNanosecondShortOfTheTimeToLiveThenFromMemoryAndAtItThenFromTheStore() {
        TokenService service = node(cache());
        IssuedToken issued = issue(service, "alice");
        assertThat(service.verify(issued.plaintext())).isValid();

        clock.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(service.verify(issued.plaintext())).isValid();
        assertThat(counting.reads.get()).isOne();

        clock.advance(Duration.ofNanos(1));
        assertThat(service.verify(issued.plaintext())).isValid();
        assertThat(counting.reads.get()).isEqualTo(2);
    }

    @Test
    void verifyWhenClockSetBackBeforeTheReadThenTheStoreIsReadAgain() {
        TokenService here = node(cache());
        TokenService there = node(cache());
        IssuedToken issued = issue(there, "alice");
        assertThat(here.verify(issued.plaintext())).isValid();
        there.revoke(TENANT, issued.info().id(), "admin", "leaked");

        // a step back must not make the cached row look young for longer than the time to live
        clock.advance(Duration.ofSeconds(-1));

        assertThat(here.verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(counting.reads.get()).isEqualTo(2);
    }

    @Test
    void findByIdWhenAskedAtTheVerificationsTimeThenAgeJudgedByItNotByTheCachesClock() {
        CachingTokenStore cache = cache();
        TokenService service = node(cache);
        IssuedToken issued = issue(service, "alice");
        Instant readAt = clock.instant();
        assertThat(cache.findById(issued.info().id(), readAt)).isPresent();

        assertThat(cache.findById(issued.info().id(), readAt.plusSeconds(9))).isPresent();
        assertThat(counting.reads.get()).isOne();
        assertThat(cache.findById(issued.info().id(), readAt.plusSeconds(10))).isPresent();
        assertThat(counting.reads.get()).as("the time given, 10 s on, not the cache's clock, which stood still")
                .isEqualTo(2);
    }

    @Test
    void verifyWhenUsageWrittenBehindThenLastUseStoredAndShown() {
        TokenService service = node(cache());
        IssuedToken issued = issue(service, "alice");
        assertThat(service.verify(issued.plaintext(), null, AbilityCheck.none(), "192.0.2.7"))
                .isValid();
        clock.advance(Duration.ofMinutes(2));

        assertThat(service.flushUsage()).isOne();

        StoredToken row = backend.findById(issued.info().id()).orElseThrow();
        assertThat(row.lastUsedAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(2)));
        assertThat(row.lastUsedIp()).isEqualTo("192.0.2.7");
    }

    @Test
    void verifyWhenHashedUnderAnOlderKeyThenReHashedAndTheCachedRowReplaced() {
        HmacKey older = HmacKey.of("k1", "an older key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
        HmacKey newer = HmacKey.of("k2", "the primary key, also thirty-two bytes long".getBytes(StandardCharsets.UTF_8));
        IssuedToken issued = issue(node(cache(), TokenHasher.hmacSha256(older)), "alice");
        TokenService service = node(cache(), TokenHasher.hmacSha256(newer, older));
        assertThat(service.verify(issued.plaintext())).isValid();
        clock.advance(Duration.ofMinutes(2));

        service.flushUsage();

        assertThat(backend.findById(issued.info().id()).orElseThrow().hashScheme()).isEqualTo("hmac-sha256:k2");
        int reads = counting.reads.get();
        assertThat(service.verify(issued.plaintext())).isValid();
        assertThat(counting.reads.get()).as("the re-hash evicted the row hashed under k1").isEqualTo(reads + 1);
    }

    @Test
    void findByIdWhenStoreFailsThenFailureNotCached() {
        AtomicBoolean down = new AtomicBoolean(true);
        TokenStore flaky = new ForwardingTokenStore() {
            @Override
            protected TokenStore delegate() {
                return backend;
            }

            @Override
            public Optional<StoredToken> findById(String id) {
                if (down.get()) {
                    throw new TokenStoreUnavailableException("database down");
                }
                return super.findById(id);
            }
        };
        CachingTokenStore cache = CachingTokenStore.builder(flaky).clock(clock).build();
        TokenService service = node(cache);
        IssuedToken issued = issue(service, "alice");

        assertThat(service.verify(issued.plaintext())).isFailed(VerificationFailure.STORE_UNAVAILABLE);
        down.set(false);

        assertThat(service.verify(issued.plaintext())).isValid();
    }

    @Test
    void builderWhenSettingNotPositiveThenNamesIt() {
        CachingTokenStore.Builder builder = CachingTokenStore.builder(backend);
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> builder.maximumSize(0))
                .withMessage("maximumSize must be positive, was 0");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> builder.negativeTimeToLive(Duration.ZERO))
                .withMessage("negativeTimeToLive must be positive, was PT0S");
    }

    /** A well-formed token (valid checksum, default prefix) with a random id no store knows. */
    private static String wellFormedToken(Random random) {
        StringBuilder parts = new StringBuilder();
        for (int i = 0; i < 16 + 32; i++) {
            parts.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return TokenFormat.format(TokenFormat.DEFAULT_PREFIX, parts.substring(0, 16), parts.substring(16));
    }
}
