package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.Problems.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.testing.MutableClock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Row 11 for characters that end lines somewhere: a rule {@code DELETE /api/orders/** all(orders:write)} must not
 * be slipped past by a path holding a control character or U+2028/U+2029 after decoding. A token that may only read
 * sends the delete on a real Jetty, with its URI checks on and off; the servlet behind the filter must never run.
 */
class ControlCharacterPathTest {

    private static TokenService tokens;
    private static TestServer server;
    private static TestServer laxServer;
    private static final CountingServlet servlet = new CountingServlet();
    private static IssuedToken reader;
    private static IssuedToken writer;

    @BeforeAll
    static void startServers() throws Exception {
        AbilityCatalog catalog = AbilityCatalog.builder()
                .ability("orders:read", "Read orders")
                .ability("orders:write", "Change orders", "orders:read")
                .build();
        tokens = TokenService.builder(new SwitchableTokenStore()).clock(MutableClock.at("2026-03-01T10:00:00Z"))
                .catalog(catalog).backgroundUsageFlush(false).build();
        KlinkTokenFilter filter = KlinkTokenFilter.builder(tokens)
                .rules("DELETE /api/orders/** all(orders:write)")
                .build();
        server = TestServer.start(servlet, context -> { }, filter);
        laxServer = TestServer.start(true, servlet, context -> { }, filter);
        reader = tokens.issue(IssueRequest.builder("acme", "alice").name("reader").abilities("orders:read")
                .expiresInDays(1).build());
        writer = tokens.issue(IssueRequest.builder("acme", "bob").name("writer").abilities("orders:write")
                .expiresInDays(1).build());
    }

    @AfterAll
    static void stopServers() {
        server.close();
        laxServer.close();
        tokens.close();
    }

    /** C1 controls and the Unicode separators: Jetty lets them through, the filter refuses them. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%E2%80%A8", "%E2%80%A9", "%C2%85", "%C2%9F"})
    void filterWhenDecodedPathHoldsUnicodeLineEndThen400InvalidPathAndServletNeverRuns(String encoded)
            throws Exception {
        int calls = servlet.calls.get();

        assertRefused(delete(server, "/api/orders/7" + encoded, reader), BearerError.INVALID_PATH);
        assertRefused(delete(laxServer, "/api/orders/7" + encoded, reader), BearerError.INVALID_PATH);
        assertThat(servlet.calls.get()).as("the servlet never ran").isEqualTo(calls);
    }

    /** ASCII controls: Jetty refuses them itself; with its URI checks off, the filter does. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%0A", "%0D", "%09", "%7F", "%1F"})
    void filterWhenDecodedPathHoldsAsciiControlThen400AndServletNeverRuns(String encoded) throws Exception {
        int calls = servlet.calls.get();

        TestServer.Response strict = delete(server, "/api/orders/7" + encoded, reader);
        assertThat(strict.status()).isEqualTo(400);
        assertThat(strict.header("WWW-Authenticate")).isNull();
        assertRefused(delete(laxServer, "/api/orders/7" + encoded, reader), BearerError.INVALID_PATH);
        assertThat(servlet.calls.get()).as("the servlet never ran").isEqualTo(calls);
    }

    @Test
    void filterWhenPlainPathThenRuleApplies() throws Exception {
        assertRefused(delete(server, "/api/orders/7", reader), BearerError.INSUFFICIENT_SCOPE, "klink",
                "orders:write");

        int calls = servlet.calls.get();
        assertThat(delete(server, "/api/orders/7", writer).status()).isEqualTo(200);
        assertThat(servlet.calls.get()).isEqualTo(calls + 1);
    }

    private static TestServer.Response delete(TestServer target, String path, IssuedToken token) throws Exception {
        return target.raw("DELETE", TestServer.CONTEXT + path,
                List.of(("Authorization: Bearer " + token.plaintext()).getBytes(StandardCharsets.US_ASCII)),
                new byte[0]);
    }

    /** Answers 200 and counts its calls. */
    static final class CountingServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        final transient AtomicInteger calls = new AtomicInteger();

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            calls.incrementAndGet();
            response.setStatus(200);
        }
    }
}
