package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static dev.klink.tokens.TokenHasherTest.KEY;
import static dev.klink.tokens.TokenHasherTest.OLDER_KEY;
import static dev.klink.tokens.TokenHasherTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.spi.StoredToken;
import org.junit.jupiter.api.Test;

/** How TokenService uses its hasher: key rotation, re-hashing, and the same work for every well-formed token. */
class TokenServiceHashingTest {

    private final TestClock clock = new TestClock();
    private final CountingTokenStore store = new CountingTokenStore();

    private TokenService service(TokenHasher hasher) {
        return TokenService.builder(store).clock(clock).hasher(hasher).backgroundUsageFlush(false).build();
    }

    private static IssueRequest request() {
        return IssueRequest.builder("acme", "alice").name("CI").expiresInDays(30).build();
    }

    @Test
    void issueWhenSha256ThenStoresSha256OfWholeToken() {
        IssuedToken issued = service(TokenHasher.sha256()).issue(request());
        StoredToken row = store.row(issued.info().id());
        assertThat(row.hashScheme()).isEqualTo("sha256");
        assertThat(row.hash()).isEqualTo(TokenHasher.sha256().hash(issued.plaintext()));
    }

    @Test
    void verifyWhenOldKeyTokenThenValidAndRehashedUnderPrimaryOnFlush() {
        IssuedToken issued = service(TokenHasher.hmacSha256(key("k1", OLDER_KEY))).issue(request());
        String id = issued.info().id();
        byte[] oldHash = store.row(id).hash();
        assertThat(store.row(id).hashScheme()).isEqualTo("hmac-sha256:k1");

        TokenHasher rotated = TokenHasher.hmacSha256(key("k2", KEY), key("k1", OLDER_KEY));
        TokenService service = service(rotated);
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
        // the re-hash is written behind, never on the request path
        assertThat(store.row(id).hashScheme()).isEqualTo("hmac-sha256:k1");
        assertThat(service.pendingUsageWrites()).isEqualTo(2);

        service.flushUsage();

        StoredToken row = store.row(id);
        assertThat(row.hashScheme()).isEqualTo("hmac-sha256:k2");
        assertThat(row.hash()).isEqualTo(TokenHasher.hmacSha256(key("k2", KEY)).hash(issued.plaintext()));
        assertThat(row.hashEquals(oldHash)).isFalse();
        assertThat(store.calls("updateHash")).isEqualTo(1);
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
        service.flushUsage();
        assertThat(store.calls("updateHash")).isEqualTo(1);
        // a node that only knows the old key no longer finds the old hash
        assertThat(failureOf(service(TokenHasher.hmacSha256(key("k1", OLDER_KEY))).verify(issued.plaintext())))
                .isEqualTo(VerificationFailure.SECRET_MISMATCH);
    }

    @Test
    void verifyWhenFirstHmacKeyAddedThenSha256TokenValidAndRehashedUnderItOnFlush() {
        IssuedToken issued = service(TokenHasher.sha256()).issue(request());
        String id = issued.info().id();

        TokenService service = service(TokenHasher.hmacSha256(key("k1", KEY)));
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
        assertThat(store.row(id).hashScheme()).isEqualTo("sha256");
        service.flushUsage();

        StoredToken row = store.row(id);
        assertThat(row.hashScheme()).isEqualTo("hmac-sha256:k1");
        assertThat(row.hash()).isEqualTo(TokenHasher.hmacSha256(key("k1", KEY)).hash(issued.plaintext()));
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
    }

    @Test
    void verifyWhenSha256RowAndWrongSecretUnderHmacThenSecretMismatch() {
        IssuedToken issued = service(TokenHasher.sha256()).issue(request());
        String forged = TokenFormat.format(TokenFormat.DEFAULT_PREFIX, issued.info().id(),
                TokenFormat.randomSecret(new java.util.Random(3)));

        assertThat(failureOf(service(TokenHasher.hmacSha256(key("k1", KEY))).verify(forged)))
                .isEqualTo(VerificationFailure.SECRET_MISMATCH);
    }

    @Test
    void verifyWhenOldKeyTokenFailsLaterCheckThenNotRehashed() {
        IssuedToken issued = service(TokenHasher.hmacSha256(key("k1", OLDER_KEY))).issue(request());
        TokenService service = service(TokenHasher.hmacSha256(key("k2", KEY), key("k1", OLDER_KEY)));
        assertThat(failureOf(service.verify(issued.plaintext(), "other-tenant", AbilityCheck.none(), null)))
                .isEqualTo(VerificationFailure.WRONG_TENANT);
        service.flushUsage();
        assertThat(store.row(issued.info().id()).hashScheme()).isEqualTo("hmac-sha256:k1");
        assertThat(store.calls("updateHash")).isZero();
    }

    @Test
    void verifyWhenKeyOfStoredSchemeRemovedThenSecretMismatch() {
        IssuedToken issued = service(TokenHasher.hmacSha256(key("k1", OLDER_KEY))).issue(request());
        TokenService service = service(TokenHasher.hmacSha256(key("k2", KEY)));
        assertThat(failureOf(service.verify(issued.plaintext()))).isEqualTo(VerificationFailure.SECRET_MISMATCH);
    }

    @Test
    void verifyWhenUnknownIdThenHashComputedOnceLikeWrongSecret() {
        CountingHasher hasher = new CountingHasher(TokenHasher.hmacSha256(key("k1", KEY)));
        TokenService service = service(hasher);
        IssuedToken issued = service.issue(request());
        ParsedToken parsed = TokenFormat.parse(issued.plaintext());
        hasher.matchesCalls.set(0);

        String wrongSecret = TokenFormat.format(parsed.prefix(), parsed.id(), "W".repeat(32));
        assertThat(failureOf(service.verify(wrongSecret))).isEqualTo(VerificationFailure.SECRET_MISMATCH);
        assertThat(hasher.matchesCalls.get()).isEqualTo(1);

        hasher.matchesCalls.set(0);
        String unknownId = TokenFormat.format(parsed.prefix(), "U".repeat(16), parsed.secret());
        assertThat(failureOf(service.verify(unknownId))).isEqualTo(VerificationFailure.NOT_FOUND);
        assertThat(hasher.matchesCalls.get()).isEqualTo(1);
    }

    @Test
    void verifyWhenMalformedOrUnknownPrefixThenNoStoreReadAndNoHash() {
        CountingHasher hasher = new CountingHasher(TokenHasher.sha256());
        TokenService service = service(hasher);
        store.resetCounts();
        String otherPrefix = TokenFormat.format("other", "0123456789ABCDEF", "GHIJKLMNOPQRSTUVWXYZabcdefghijkl");
        String badChecksum = "klink_pat_ASe3jnqIDd65LheV_qpgquO3FcZa3mgF4WYSpYBF1iSsrfhph2LJesA";

        assertThat(failureOf(service.verify(null))).isEqualTo(VerificationFailure.MALFORMED);
        assertThat(failureOf(service.verify(""))).isEqualTo(VerificationFailure.MALFORMED);
        assertThat(failureOf(service.verify("Bearer abc"))).isEqualTo(VerificationFailure.MALFORMED);
        assertThat(failureOf(service.verify(badChecksum))).isEqualTo(VerificationFailure.MALFORMED);
        assertThat(failureOf(service.verify("x".repeat(100_000)))).isEqualTo(VerificationFailure.MALFORMED);
        assertThat(failureOf(service.verify(otherPrefix))).isEqualTo(VerificationFailure.UNKNOWN_PREFIX);

        assertThat(store.totalCalls()).isZero();
        assertThat(hasher.matchesCalls.get()).isZero();
        assertThat(hasher.hashCalls.get()).isZero();
    }

    @Test
    void verifyWhenPrefixAcceptedAsExtraThenLooksUp() {
        TokenService renamed = TokenService.builder(store).clock(clock).prefix("acme_pat").acceptPrefixes("klink_pat")
                .backgroundUsageFlush(false).build();
        IssuedToken old = service(TokenHasher.sha256()).issue(request());
        assertThat(renamed.verify(old.plaintext()).isValid()).isTrue();
        IssuedToken fresh = renamed.issue(request());
        assertThat(fresh.plaintext()).startsWith("acme_pat_");
        assertThat(failureOf(service(TokenHasher.sha256()).verify(fresh.plaintext())))
                .isEqualTo(VerificationFailure.UNKNOWN_PREFIX);
        assertThat(renamed.acceptedPrefixes()).containsExactlyInAnyOrder("acme_pat", "klink_pat");
    }

    @Test
    void builderWhenPrefixInvalidThenRejectedNamingIt() {
        assertThatThrownBy(() -> TokenService.builder(store).prefix("klink_"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix must match [a-z][a-z0-9_]{0,23} and not end in '_', was 'klink_'");
        assertThatThrownBy(() -> TokenService.builder(store).acceptPrefixes("ok", "Not-Ok"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix must match [a-z][a-z0-9_]{0,23} and not end in '_', was 'Not-Ok'");
    }

    @Test
    void verifyWhenUsageTrackingOffThenOldKeyTokenStillRehashedInBackground() throws InterruptedException {
        IssuedToken issued = service(TokenHasher.hmacSha256(key("k1", OLDER_KEY))).issue(request());
        // background flush on (the default), ticking every 50 ms of real time; no fake-clock step is needed
        TokenService service = TokenService.builder(store).clock(clock)
                .hasher(TokenHasher.hmacSha256(key("k2", KEY), key("k1", OLDER_KEY)))
                .usageTracking(false).usageFlushInterval(java.time.Duration.ofMillis(200)).build();
        try {
            assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
            assertThat(store.awaitCall("updateHash", java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(store.row(issued.info().id()).hashScheme()).isEqualTo("hmac-sha256:k2");
            assertThat(store.calls("recordUsage")).isZero();
        } finally {
            service.close();
        }
    }
}
