package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static dev.klink.tokens.VerificationResults.principalOf;
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
        assertThat(failureOf(result)).isEqualTo(VerificationFailure.WRONG_TENANT);
        assertThat(result.tokenId()).isEqualTo(issued.info().id());
        assertThat(principalOf(result)).isNull();
        assertThat(verify(issued.plaintext(), "acme", AbilityCheck.none()).isValid()).isTrue();
    }

    @Test
    void verifyWhenAbilityMissingThenInsufficientAbilities() {
        IssuedToken issued = issue("orders:read");
        assertThat(failureOf(verify(issued.plaintext(), "acme", AbilityCheck.all("orders:read", "orders:write"))))
                .isEqualTo(VerificationFailure.INSUFFICIENT_ABILITIES);
        assertThat(failureOf(verify(issued.plaintext(), "acme", AbilityCheck.any("orders:write", "billing:read"))))
                .isEqualTo(VerificationFailure.INSUFFICIENT_ABILITIES);
        assertThat(verify(issued.plaintext(), "acme", AbilityCheck.any("orders:write", "orders:read")).isValid())
                .isTrue();
    }

    @Test
    void verifyWhenRevokedAndExpiredThenRevoked() {
        IssuedToken issued = issue();
        service.revoke("acme", issued.info().id(), "alice", null);
        clock.advance(Duration.ofDays(31));
        assertThat(failureOf(service.verify(issued.plaintext()))).isEqualTo(VerificationFailure.REVOKED);
    }

    @Test
    void verifyWhenWrongSecretForRevokedOrExpiredIdThenSecretMismatch() {
        IssuedToken revoked = issue();
        service.revoke("acme", revoked.info().id(), "alice", null);
        IssuedToken expired = service.issue(IssueRequest.builder("acme", "alice").name("short").expiresInDays(1)
                .build());
        clock.advance(Duration.ofDays(2));

        VerificationResult revokedResult = service.verify(withWrongSecret(revoked));
        assertThat(failureOf(revokedResult)).isEqualTo(VerificationFailure.SECRET_MISMATCH);
        assertThat(failureOf(revokedResult).publicCode()).isEqualTo("invalid_token");
        assertThat(failureOf(service.verify(withWrongSecret(expired))))
                .isEqualTo(VerificationFailure.SECRET_MISMATCH);
        // with the right secret, the real reason shows
        assertThat(failureOf(service.verify(revoked.plaintext())).publicCode()).isEqualTo("token_revoked");
        assertThat(failureOf(service.verify(expired.plaintext())).publicCode()).isEqualTo("token_expired");
    }

    @Test
    void verifyWhenExpiredInOtherTenantThenExpiredBeforeWrongTenant() {
        IssuedToken issued = issue("orders:read");
        clock.advance(Duration.ofDays(30));
        assertThat(failureOf(verify(issued.plaintext(), "globex", AbilityCheck.all("billing:read"))))
                .isEqualTo(VerificationFailure.EXPIRED);
    }

    @Test
    void verifyWhenWrongTenantAndMissingAbilityThenWrongTenant() {
        IssuedToken issued = issue("orders:read");
        assertThat(failureOf(verify(issued.plaintext(), "globex", AbilityCheck.all("billing:read"))))
                .isEqualTo(VerificationFailure.WRONG_TENANT);
    }

    @Test
    void verifyWhenUnknownIdThenNotFoundWithId() {
        IssuedToken issued = issue();
        ParsedToken parsed = TokenFormat.parse(issued.plaintext());
        String unknown = TokenFormat.format(parsed.prefix(), "Z".repeat(16), parsed.secret());
        VerificationResult result = service.verify(unknown);
        assertThat(failureOf(result)).isEqualTo(VerificationFailure.NOT_FOUND);
        assertThat(result.tokenId()).isEqualTo("Z".repeat(16));
    }

    @Test
    void verifyWhenMalformedThenMalformedWithoutId() {
        VerificationResult result = service.verify("klink_pat_not-a-token");
        assertThat(failureOf(result)).isEqualTo(VerificationFailure.MALFORMED);
        assertThat(result.tokenId()).isNull();
        assertThat(principalOf(result)).isNull();
    }

    @Test
    void verifyWhenStoreThrowsThenStoreUnavailableNeverValidNeverNotFound() {
        IssuedToken issued = issue();
        store.failOn("findById");

        VerificationResult result = service.verify(issued.plaintext());

        assertThat(result.isValid()).isFalse();
        assertThat(failureOf(result)).isEqualTo(VerificationFailure.STORE_UNAVAILABLE);
        assertThat(failureOf(result).publicCode()).isEqualTo("token_store_unavailable");
        assertThat(result.tokenId()).isEqualTo(issued.info().id());
        ParsedToken parsed = TokenFormat.parse(issued.plaintext());
        assertThat(failureOf(service.verify(TokenFormat.format(parsed.prefix(), "Z".repeat(16), parsed.secret()))))
                .isEqualTo(VerificationFailure.STORE_UNAVAILABLE);

        store.heal();
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
    }

    @Test
    void verifyWhenStoreThrowsUncheckedOfAnyKindThenStoreUnavailable() {
        IssuedToken issued = issue();
        store.failWith(() -> new IllegalStateException("connection pool closed"), "findById");
        assertThat(failureOf(service.verify(issued.plaintext()))).isEqualTo(VerificationFailure.STORE_UNAVAILABLE);
    }
}
