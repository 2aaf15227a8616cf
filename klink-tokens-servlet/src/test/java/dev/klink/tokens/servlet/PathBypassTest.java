package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.PathBypassTest.Outcome.CHALLENGED;
import static dev.klink.tokens.servlet.PathBypassTest.Outcome.FORBIDDEN;
import static dev.klink.tokens.servlet.PathBypassTest.Outcome.PASSES;
import static dev.klink.tokens.servlet.PathBypassTest.Outcome.REFUSED_BY_FILTER;
import static dev.klink.tokens.servlet.PathBypassTest.Outcome.REFUSED_BY_JETTY;
import static dev.klink.tokens.servlet.Problems.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.testing.MutableClock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attempts to reach a protected path through a path the rules might read differently from the container: every
 * attempt is sent byte for byte over a socket to a real Jetty whose catch-all servlet would answer 200.
 */
class PathBypassTest {

    /** What the attempt must get. */
    enum Outcome {
        /** 401 {@code missing_token}: the protected rule (or the default) applied. */
        CHALLENGED,
        /** 403 {@code insufficient_scope} with {@code scope="admin"}: the admin rule applied to the token. */
        FORBIDDEN,
        /** 400 from the filter: the path is ambiguous or not normalized ({@code invalid_path}). */
        REFUSED_BY_FILTER,
        /** 400 from Jetty's own URI checks, before any filter. */
        REFUSED_BY_JETTY,
        /** 200: the path really is public. */
        PASSES
    }

    private static TokenService tokens;
    private static TestServer server;
    private static TestServer laxServer;
    private static IssuedToken reader;

    @BeforeAll
    static void startServer() throws Exception {
        tokens = TokenService.builder(new SwitchableTokenStore()).clock(MutableClock.at("2026-03-01T10:00:00Z"))
                .backgroundUsageFlush(false).build();
        KlinkTokenFilter filter = KlinkTokenFilter.builder(tokens)
                .rule(AccessRule.path("/public/**").permitAll())
                .rule(AccessRule.path("/api/admin/**").all("admin"))
                .build();
        server = TestServer.start(new EchoServlet(), context -> { }, filter);
        laxServer = TestServer.start(true, new EchoServlet(), context -> { }, filter);
        reader = tokens.issue(IssueRequest.builder("acme", "alice").name("reader").abilities("orders:read")
                .expiresInDays(1).build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
        laxServer.close();
        tokens.close();
    }

    static Stream<Arguments> attempts() {
        return Stream.of(
                Arguments.of("/public/x", false, PASSES, PASSES),
                Arguments.of("/api/admin/x", false, CHALLENGED, CHALLENGED),
                Arguments.of("/api/admin/x", true, FORBIDDEN, FORBIDDEN),
                Arguments.of("/public/../api/admin/x", false, REFUSED_BY_FILTER, REFUSED_BY_FILTER),
                Arguments.of("/public/x/../../api/admin", true, REFUSED_BY_FILTER, REFUSED_BY_FILTER),
                Arguments.of("/api/admin/x/..", true, REFUSED_BY_FILTER, REFUSED_BY_FILTER),
                Arguments.of("/./api/admin/x", true, REFUSED_BY_FILTER, REFUSED_BY_FILTER),
                Arguments.of("/public/./../api/admin/x", true, REFUSED_BY_FILTER, REFUSED_BY_FILTER),
                Arguments.of("/public/%2e%2e/api/admin/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/public/%2E%2E/api/admin/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/public/%2e/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/public/..%2fapi/admin/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/public%2f..%2fapi/admin/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/public/%252e%252e/api/admin/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/public/..;/api/admin/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("//api/admin/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/public//../api/admin/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/api/admin;jsessionid=abc/x", true, FORBIDDEN, FORBIDDEN),
                Arguments.of("/api/admin/x;jsessionid=abc", true, FORBIDDEN, FORBIDDEN),
                Arguments.of("/public;x=1/../api/admin/x", true, REFUSED_BY_FILTER, REFUSED_BY_FILTER),
                Arguments.of("/api/admin/", true, FORBIDDEN, FORBIDDEN),
                Arguments.of("/api/admin", true, FORBIDDEN, FORBIDDEN),
                Arguments.of("/API/ADMIN/x", true, FORBIDDEN, FORBIDDEN),
                Arguments.of("/Api/Admin/x", true, FORBIDDEN, FORBIDDEN),
                Arguments.of("/PUBLIC/x", false, CHALLENGED, CHALLENGED),
                Arguments.of("/%61pi/admin/x", true, FORBIDDEN, FORBIDDEN),
                Arguments.of("/api%2fadmin/x", true, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/api%5cadmin/x", true, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/public/..\\api\\admin/x", false, REFUSED_BY_JETTY, REFUSED_BY_FILTER),
                Arguments.of("/public/x%00", false, REFUSED_BY_JETTY, REFUSED_BY_JETTY),
                Arguments.of("/public/x%3b/../../api/admin/x", false, REFUSED_BY_FILTER, REFUSED_BY_FILTER),
                Arguments.of("/public/../../ctx/api/admin/x", false, REFUSED_BY_FILTER, REFUSED_BY_FILTER));
    }

    @ParameterizedTest(name = "{0} with token {1}")
    @MethodSource("attempts")
    void filterWhenPathTrickThenNoBypass(String path, boolean withToken, Outcome expected, Outcome lax)
            throws Exception {
        assertOutcome(server.raw(TestServer.CONTEXT + path, headers(withToken)), expected);
    }

    /**
     * The same attempts on a Jetty whose URI checks are off: what Jetty refused above must now be refused by the
     * filter itself, and nothing may pass that is not public.
     */
    @ParameterizedTest(name = "{0} with token {1}")
    @MethodSource("attempts")
    void filterWhenContainerLetsAmbiguousPathThroughThenFilterRefuses(String path, boolean withToken,
            Outcome strict, Outcome expected) throws Exception {
        assertOutcome(laxServer.raw(TestServer.CONTEXT + path, headers(withToken)), expected);
    }

    private static String[] headers(boolean withToken) {
        return withToken ? new String[] {"Authorization: Bearer " + reader.plaintext()} : new String[0];
    }

    private static void assertOutcome(TestServer.Response response, Outcome expected) {
        switch (expected) {
            case PASSES -> assertThat(response.status()).isEqualTo(200);
            case CHALLENGED -> assertRefused(response, BearerError.MISSING_TOKEN);
            case FORBIDDEN -> assertRefused(response, BearerError.INSUFFICIENT_SCOPE, "klink", "admin");
            case REFUSED_BY_FILTER -> assertRefused(response, BearerError.INVALID_PATH);
            case REFUSED_BY_JETTY -> {
                assertThat(response.status()).isEqualTo(400);
                assertThat(response.header("WWW-Authenticate")).isNull();
                assertThat(response.header("Content-Type")).isNotEqualTo("application/problem+json");
            }
        }
    }
}
