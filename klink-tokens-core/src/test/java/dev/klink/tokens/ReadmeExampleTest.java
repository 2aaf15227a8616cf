package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The "Plain Java" example of the README, so that it keeps compiling and says the truth. */
class ReadmeExampleTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Test
    void readmeExampleWhenRunThenBehavesAsDocumented() {
        AbilityCatalog catalog = AbilityCatalog.builder()
                .ability("orders:read", "Read orders")
                .ability("orders:write", "Place and change orders", "orders:read")
                .build();
        try (TokenService tokens = TokenService.builder(new InMemoryTokenStore())
                .catalog(catalog)
                .hasher(TokenHasher.hmacSha256(HmacKey.fromBase64("k1", KEY)))
                .build()) {
            IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice")
                    .name("CI deploy").abilities("orders:write").expiresInDays(30).build());
            String shownOnce = issued.plaintext();
            assertThat(shownOnce).startsWith("klink_pat_" + issued.info().id() + "_").hasSize(65);

            VerificationResult result = tokens.verify(shownOnce, "acme", AbilityCheck.all("orders:read"),
                    "203.0.113.7");
            assertThat(result).isInstanceOfSatisfying(VerificationResult.Valid.class,
                    valid -> assertThat(valid.principal().ownerId()).isEqualTo("alice"));

            tokens.revoke("acme", issued.info().id(), "alice", "leaked");
            assertThat(tokens.verify(shownOnce))
                    .isEqualTo(VerificationResult.failed(VerificationFailure.REVOKED, issued.info().id()));
        }
    }
}
