package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The order of verification checks (format, prefix, lookup, secret, revoked, expired, tenant, abilities), and what
 * happens when the store cannot be read.
 */
class TokenServiceVerificationTest {

    private final TestClock clock = new TestClock();
    private final CountingTokenStore store = new CountingTokenStore();
    private final TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
            .build();

    private IssuedToken issue(String... abilities) {
        return service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities(abilities)
                .expiresInDays(30).build());
    }

    private static String withWrongSecret(IssuedToken issued) {
        ParsedToken parsed = TokenFormat.parse(issued.plaintext());
        return TokenFormat.format(parsed.prefix(), parsed.id(), "S".repeat(TokenFormat.SECRET_LENGTH));
    }

    private VerificationResult verify(String bearer, String tenant, AbilityCheck check) {
        return service.verify(bearer, tenant, check, "198.51.100.4");
    }

    @Test
    void verifyWhenWrongTenantThenWrongTenant() {
        IssuedToken issued = issue("orders:read");
        VerificationResult result = verify(issued.plaintext(), "globex", AbilityCheck.none());
        assertThat(result.isValid()).isFalse();
        assertThat(result.failure()).isEqualTo(VerificationFailure.WRONG_TENANT);
        assertThat(result.tokenId()).isEqualTo(issued.info().id());
        assertThat(result.principal()).isNull();
        assertThat(verify(issued.plaintext(), "acme", AbilityCheck.none()).isValid()).isTrue();
    }

    @Test
    void verifyWhenAbilityMissingThenInsufficientAbilities() {
        IssuedToken issued = issue("orders:read");
        assertThat(verify(issued.plaintext(), "acme", AbilityCheck.all("orders:read", "orders:write")).failure())
                .isEqualTo(VerificationFailure.INSUFFICIENT_ABILITIES);
        assertThat(verify(issued.plaintext(), "acme", AbilityCheck.any("orders:write", "billing:read")).failure())
                .isEqualTo(VerificationFailure.INSUFFICIENT_ABILITIES);
        assertThat(verify(issued.plaintext(), "acme", AbilityCheck.any("orders:write", "orders:read")).isValid())
                .isTrue();
    }

    @Test
    void verifyWhenRevokedAndExpiredThenRevoked() {
        IssuedToken issued = issue();
        service.revoke("acme", issued.info().id(), "alice", null);
        clock.advance(Duration.ofDays(31));
        assertThat(service.verify(issued.plaintext()).failure()).isEqualTo(VerificationFailure.REVOKED);
    }

    @Test
    void verifyWhenWrongSecretForRevokedOrExpiredIdThenSecretMismatch() {
        IssuedToken revoked = issue();
        service.revoke("acme", revoked.info().id(), "alice", null);
        IssuedToken expired = service.issue(IssueRequest.builder("acme", "alice").name("short").expiresInDays(1)
                .build());
        clock.advance(Duration.ofDays(2));

        VerificationResult revokedResult = service.verify(withWrongSecret(revoked));
        assertThat(revokedResult.failure()).isEqualTo(VerificationFailure.SECRET_MISMATCH);
        assertThat(revokedResult.failure().publicCode()).isEqualTo("invalid_token");
        assertThat(service.verify(withWrongSecret(expired)).failure())
                .isEqualTo(VerificationFailure.SECRET_MISMATCH);
        // with the right secret, the real reason shows
        assertThat(service.verify(revoked.plaintext()).failure().publicCode()).isEqualTo("token_revoked");
        assertThat(service.verify(expired.plaintext()).failure().publicCode()).isEqualTo("token_expired");
    }

    @Test
    void verifyWhenExpiredInOtherTenantThenExpiredBeforeWrongTenant() {
        IssuedToken issued = issue("orders:read");
        clock.advance(Duration.ofDays(30));
        assertThat(verify(issued.plaintext(), "globex", AbilityCheck.all("billing:read")).failure())
                .isEqualTo(VerificationFailure.EXPIRED);
    }

    @Test
    void verifyWhenWrongTenantAndMissingAbilityThenWrongTenant() {
        IssuedToken issued = issue("orders:read");
        assertThat(verify(issued.plaintext(), "globex", AbilityCheck.all("billing:read")).failure())
                .isEqualTo(VerificationFailure.WRONG_TENANT);
    }

    @Test
    void verifyWhenUnknownIdThenNotFoundWithId() {
        IssuedToken issued = issue();
        ParsedToken parsed = TokenFormat.parse(issued.plaintext());
        String unknown = TokenFormat.format(parsed.prefix(), "Z".repeat(16), parsed.secret());
        VerificationResult result = service.verify(unknown);
        assertThat(result.failure()).isEqualTo(VerificationFailure.NOT_FOUND);
        assertThat(result.tokenId()).isEqualTo("Z".repeat(16));
    }

    @Test
    void verifyWhenMalformedThenMalformedWithoutId() {
        VerificationResult result = service.verify("klink_pat_not-a-token");
        assertThat(result.failure()).isEqualTo(VerificationFailure.MALFORMED);
        assertThat(result.tokenId()).isNull();
        assertThat(result.principal()).isNull();
    }

    @Test
    void verifyWhenStoreThrowsThenStoreUnavailableNeverValidNeverNotFound() {
        IssuedToken issued = issue();
        store.failOn("findById");

        VerificationResult result = service.verify(issued.plaintext());

        assertThat(result.isValid()).isFalse();
        assertThat(result.failure()).isEqualTo(VerificationFailure.STORE_UNAVAILABLE);
        assertThat(result.failure().publicCode()).isEqualTo("token_store_unavailable");
        assertThat(result.tokenId()).isEqualTo(issued.info().id());
        ParsedToken parsed = TokenFormat.parse(issued.plaintext());
        assertThat(service.verify(TokenFormat.format(parsed.prefix(), "Z".repeat(16), parsed.secret())).failure())
                .isEqualTo(VerificationFailure.STORE_UNAVAILABLE);

        store.heal();
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
    }

    @Test
    void verifyWhenStoreThrowsUncheckedOfAnyKindThenStoreUnavailable() {
        IssuedToken issued = issue();
        store.failWith(() -> new IllegalStateException("connection pool closed"), "findById");
        assertThat(service.verify(issued.plaintext()).failure()).isEqualTo(VerificationFailure.STORE_UNAVAILABLE);
    }
}
