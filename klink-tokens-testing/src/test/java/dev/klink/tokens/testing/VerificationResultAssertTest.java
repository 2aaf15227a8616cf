package dev.klink.tokens.testing;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerificationResultAssertTest {

    private static final String ID = "AAAAbbbbCCCC0123";
    private static final TokenPrincipal ALICE = new TokenPrincipal("acme", "alice", ID, "CI",
            Set.of("orders:read"), null, AbilityCatalog.unrestricted());
    private static final VerificationResult VALID = VerificationResult.valid(ALICE);
    private static final VerificationResult REVOKED = VerificationResult.failed(VerificationFailure.REVOKED, ID);

    @Test
    void isValidWhenValidThenPassesWithEveryPrincipalCheck() {
        assertThat(VALID).isValid().hasTokenId(ID).hasPrincipal(ALICE).hasPrincipalOwnerId("alice")
                .hasPrincipalTenantId("acme").hasPrincipalTokenId(ID).hasPrincipalAbilities("orders:read");
    }

    @Test
    void isValidWhenFailedThenMessageNamesTheFailureAndTokenId() {
        assertThatThrownBy(() -> assertThat(REVOKED).isValid())
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected a valid result but verification failed with REVOKED (token id " + ID + ")");
        assertThatThrownBy(() -> assertThat(VerificationResult.failed(VerificationFailure.MALFORMED, null)).isValid())
                .hasMessage("Expected a valid result but verification failed with MALFORMED (no token id read)");
    }

    @Test
    void isFailedWhenOtherFailureThenMessageNamesBoth() {
        assertThat(REVOKED).isFailed().isFailed(VerificationFailure.REVOKED).hasTokenId(ID);
        assertThatThrownBy(() -> assertThat(REVOKED).isFailed(VerificationFailure.EXPIRED))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected verification to fail with EXPIRED but it failed with REVOKED (token id " + ID
                        + ")");
    }

    @Test
    void isFailedWhenValidThenMessageNamesThePrincipal() {
        assertThatThrownBy(() -> assertThat(VALID).isFailed(VerificationFailure.REVOKED))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected verification to fail but it was valid for " + ALICE);
    }

    @Test
    void hasPrincipalOwnerIdWhenOtherOwnerThenMessageNamesTheCheck() {
        assertThatThrownBy(() -> assertThat(VALID).hasPrincipalOwnerId("bob"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected the principal's owner id to be <bob> but was <alice> in " + VALID);
        assertThatThrownBy(() -> assertThat(VALID).hasTokenId(null))
                .hasMessage("Expected token id <null> but was <" + ID + "> in " + VALID);
    }
}
