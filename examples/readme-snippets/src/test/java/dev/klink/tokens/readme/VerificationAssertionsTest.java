package dev.klink.tokens.readme;

// readme:begin
import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
// readme:end

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import org.junit.jupiter.api.Test;

/** README "Testing": the assertions of {@code klink-tokens-testing}. */
class VerificationAssertionsTest {

    @Test
    void assertionsWhenValidAndRevokedTokenThenPass() {
        try (TokenService tokens = TokenService.builder(new InMemoryTokenStore()).build()) {
            String plaintext = tokens.issue(IssueRequest.builder("acme", "alice").name("CI").build()).plaintext();
            IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("old").build());
            String revoked = issued.plaintext();
            tokens.revoke("acme", issued.info().id(), "alice", "leaked");

            // readme:begin
            assertThat(tokens.verify(plaintext)).isValid().hasPrincipalOwnerId("alice");
            assertThat(tokens.verify(revoked)).isFailed(VerificationFailure.REVOKED);
            // fails with: Expected verification to fail with REVOKED but it failed with EXPIRED (token id …)
            // readme:end
        }
    }
}
