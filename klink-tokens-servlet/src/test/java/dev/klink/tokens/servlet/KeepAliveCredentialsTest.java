package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.Problems.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two requests on one keep-alive connection, the second carrying the first one's token with the case of one letter
 * changed, which is a different, invalid token. Jetty keeps the header fields of a connection in a cache and, by
 * default, looks them up ignoring case: it then hands the application the value cached from the first request, and
 * the changed token passes as the valid one. Behind a proxy that pools its connections to Jetty, requests of different
 * clients share those connections. Turning the cache off ({@code HttpConfiguration.setHeaderCacheSize(0)}, as
 * SECURITY.md advises) or making it case-sensitive gives the application the bytes that were sent.
 */
class KeepAliveCredentialsTest {

    private final TokenService tokens = TokenService.builder(new InMemoryTokenStore())
            .backgroundUsageFlush(false).build();
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
        tokens.close();
    }

    /** A valid token whose last character is a lower-case letter, and the same token with it upper-cased. */
    private String[] tokenAndCaseChanged() {
        while (true) {
            String token = tokens.issue(IssueRequest.builder("acme", "alice").name("CI").expiresInDays(1).build())
                    .plaintext();
            char last = token.charAt(token.length() - 1);
            if (last >= 'a' && last <= 'z') {
                return new String[] {token, token.substring(0, token.length() - 1) + Character.toUpperCase(last)};
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestServer.HeaderCache.class, names = {"OFF", "CASE_SENSITIVE"})
    void filterWhenCaseChangedTokenFollowsValidOneOnTheConnectionThen401Invalid(TestServer.HeaderCache cache)
            throws Exception {
        server = TestServer.startWithHeaderCache(cache, new EchoServlet(), KlinkTokenFilter.builder(tokens).build());
        String[] pair = tokenAndCaseChanged();

        List<TestServer.Response> responses = server.rawOnOneConnection("/api/me",
                List.of(List.of("Authorization: Bearer " + pair[0]), List.of("Authorization: Bearer " + pair[1])));

        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).status()).isEqualTo(200);
        assertRefused(responses.get(1), BearerError.INVALID_TOKEN);
    }

    /** Why the test servers turn the cache off: with Jetty's default the second request gets through. */
    @Test
    void jettyDefaultsWhenCaseChangedTokenFollowsValidOneThenApplicationSeesTheCachedValidOne() throws Exception {
        server = TestServer.startWithHeaderCache(TestServer.HeaderCache.JETTY_DEFAULT, new EchoServlet(),
                KlinkTokenFilter.builder(tokens).build());
        String[] pair = tokenAndCaseChanged();

        List<TestServer.Response> responses = server.rawOnOneConnection("/api/me",
                List.of(List.of("Authorization: Bearer " + pair[0]), List.of("Authorization: Bearer " + pair[1])));

        assertThat(responses).extracting(TestServer.Response::status).containsExactly(200, 200);
        assertThat(responses.get(1).echo()).containsEntry("owner", "alice");
    }
}
