package com.example.smoke;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import org.jdbi.v3.core.Jdbi;

/**
 * What a new user's first program does with the published artifacts: a JDBI store on H2, then issue, verify and
 * revoke one token. Prints one line and exits 0 when every step gave the expected result, 1 otherwise.
 */
public final class ConsumerSmoke {

    private ConsumerSmoke() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run("jdbc:h2:mem:consumer-smoke;DB_CLOSE_DELAY=-1"));
        } catch (RuntimeException e) {
            System.out.println("consumer-smoke FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Runs the steps on the H2 database at {@code jdbcUrl}.
     *
     * @return the one-line summary
     * @throws IllegalStateException naming the first step whose result was not the expected one
     */
    static String run(String jdbcUrl) {
        JdbiTokenStore store = JdbiTokenStore.builder(Jdbi.create(jdbcUrl)).build();
        store.migrate();
        try (TokenService tokens = TokenService.builder(store).build()) {
            IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice")
                    .name("consumer smoke").abilities("orders:read").expiresInDays(1).build());
            String plaintext = issued.plaintext();
            expect(plaintext.startsWith("klink_pat_"), "issued token has the default prefix");

            String id = issued.info().id();
            VerificationResult valid = tokens.verify(plaintext, "acme", AbilityCheck.all("orders:read"), "203.0.113.7");
            expect(valid instanceof VerificationResult.Valid ok && ok.principal().ownerId().equals("alice"),
                    "fresh token verifies as alice's, got " + valid);

            VerificationResult lacking = tokens.verify(plaintext, "acme", AbilityCheck.all("orders:write"), null);
            expect(lacking.equals(VerificationResult.failed(VerificationFailure.INSUFFICIENT_ABILITIES, id)),
                    "token without orders:write is refused it, got " + lacking);

            tokens.revoke("acme", id, "alice", "consumer smoke");
            VerificationResult revoked = tokens.verify(plaintext);
            expect(revoked.equals(VerificationResult.failed(VerificationFailure.REVOKED, id)),
                    "revoked token is refused as REVOKED, got " + revoked);
            return "consumer-smoke OK: issued, verified and revoked token " + id;
        }
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
