package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
// readme:end

/** README "IP allowlist per token": a token usable only from the office network and one IPv6 range. */
public final class IpAllowlists {

    private IpAllowlists() {
    }

    static boolean refusedFromOutside(TokenService tokens) {
        // readme:begin
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice")
                .name("Office CI").abilities("orders:read").expiresInDays(30)
                .allowedIps("10.0.0.0/8", "2001:db8::/32", "192.0.2.7")   // at most 20; a bare address is a /32 or /128
                .build());
        issued.info().allowedIps();                                        // [10.0.0.0/8, 2001:db8::/32, 192.0.2.7/32]

        VerificationResult result = tokens.verify(issued.plaintext(), "acme", AbilityCheck.none(), "203.0.113.9");
        boolean outside = result instanceof VerificationResult.Failed failed
                && failed.failure() == VerificationFailure.IP_NOT_ALLOWED;  // 401 ip_not_allowed over HTTP
        // readme:end
        return outside;
    }
}
