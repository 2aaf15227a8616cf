package dev.klink.tokens.spring.test;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
import java.util.Objects;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Real tokens for end-to-end tests, issued by the application's own {@link TokenService} (its store, catalog and
 * policy), so that a request goes through the whole verification:
 *
 * <pre>{@code
 * TestTokens testTokens = TestTokens.of(tokenService);
 * String token = testTokens.issue("acme", "alice", "orders:read");
 * mvc.perform(get("/api/orders").with(bearer(token))).andExpect(status().isOk());
 * }</pre>
 */
public final class TestTokens {

    private final TokenService tokens;

    private TestTokens(TokenService tokens) {
        this.tokens = tokens;
    }

    /** Tokens issued by {@code tokens}. */
    public static TestTokens of(TokenService tokens) {
        return new TestTokens(Objects.requireNonNull(tokens, "tokens"));
    }

    /**
     * Issues a token named {@code test token} with the policy's default lifetime and returns its plaintext. The
     * application's catalog, grantable abilities and policy apply as for any issue.
     */
    public String issue(String tenantId, String ownerId, String... abilities) {
        return tokens.issue(IssueRequest.builder(tenantId, ownerId).name("test token").abilities(abilities).build())
                .plaintext();
    }

    /** Issues a token as {@link #issue} does and sends it as {@code Authorization: Bearer <token>}. */
    public RequestPostProcessor bearer(String tenantId, String ownerId, String... abilities) {
        return KlinkTokenRequestPostProcessors.bearer(issue(tenantId, ownerId, abilities));
    }
}
