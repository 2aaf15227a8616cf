package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.HmacKey;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationResult;
// readme:end

/** README "Plain Java": issue, verify and revoke a token. */
public final class PlainJava {

    private PlainJava() {
    }

    public static void main(String[] args) {
        // readme:begin
        AbilityCatalog catalog = AbilityCatalog.builder()
                .ability("orders:read", "Read orders")
                .ability("orders:write", "Place and change orders", "orders:read")   // implies orders:read
                .build();
        try (TokenService tokens = TokenService.builder(new InMemoryTokenStore())
                .catalog(catalog)
                .hasher(TokenHasher.hmacSha256(HmacKey.fromBase64("k1", System.getenv("KLINK_HMAC_KEY"))))
                .build()) {
            IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice")
                    .name("CI deploy").abilities("orders:write").expiresInDays(30).build());
            String shownOnce = issued.plaintext();           // klink_pat_<id>_<secret><check>; only its hash is stored

            VerificationResult result = tokens.verify(shownOnce, "acme", AbilityCheck.all("orders:read"), "203.0.113.7");
            if (result instanceof VerificationResult.Valid valid) {  // valid: orders:write implies orders:read
                valid.principal().ownerId();                 // "alice"
            }

            tokens.revoke("acme", issued.info().id(), "alice", "leaked");
            tokens.verify(shownOnce);                        // Failed with REVOKED, at once
        }
        // readme:end
    }
}
