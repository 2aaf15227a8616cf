package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.Problems.assertProblem;
import static dev.klink.tokens.servlet.Problems.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The forward-auth endpoint on a real Jetty: a gateway's view, answered by the HTTP error table. */
class ForwardAuthServletTest {

    private static MutableClock clock;
    private static SwitchableTokenStore store;
    private static TokenService tokens;
    private static TestServer server;
    private static IssuedToken reader;

    @BeforeAll
    static void startServer() throws Exception {
        clock = MutableClock.at("2026-03-01T10:00:00Z");
        store = new SwitchableTokenStore();
        AbilityCatalog catalog = AbilityCatalog.builder()
                .ability("orders:read", "Read orders")
                .ability("orders:write", "Change orders", "orders:read")
                .build();
        tokens = TokenService.builder(store).clock(clock).catalog(catalog).backgroundUsageFlush(false).build();
        server = TestServer.start(ForwardAuthServlet.builder(tokens).build(), context -> { });
        reader = issue("acme", "alice", "orders:read");
    }

    @AfterAll
    static void stopServer() {
        server.close();
        tokens.close();
    }

    @AfterEach
    void storeUp() {
        store.down(false);
    }

    private static IssuedToken issue(String tenant, String owner, String... abilities) {
        return tokens.issue(IssueRequest.builder(tenant, owner).name("token of " + owner).abilities(abilities)
                .expiresInDays(30).build());
    }

    @Test
    void verifyWhenTokenValidThen200WithIdentityHeaders() throws Exception {
        IssuedToken token = issue("acme", "bob", "orders:write", "orders:read");
        TestServer.Response response = server.get("/auth/verify", "Authorization: Bearer " + token.plaintext(),
                "X-Klink-Require: orders:read, orders:write", "X-Klink-Tenant: acme");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Klink-Tenant")).isEqualTo("acme");
        assertThat(response.header("X-Klink-Owner")).isEqualTo("bob");
        assertThat(response.header("X-Klink-Token-Id")).isEqualTo(token.info().id());
        assertThat(response.header("X-Klink-Abilities")).isEqualTo("orders:read orders:write");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void verifyWhenAnyMethodThenSameDecision() throws Exception {
        for (String method : new String[] {"POST", "DELETE", "HEAD"}) {
            TestServer.Response response = server.raw(method, TestServer.CONTEXT + "/auth/verify",
                    java.util.List.of(("Authorization: Bearer " + reader.plaintext()).getBytes(
                            java.nio.charset.StandardCharsets.ISO_8859_1)), new byte[0]);
            assertThat(response.status()).as(method).isEqualTo(200);
            assertThat(response.header("X-Klink-Owner")).as(method).isEqualTo("alice");
        }
    }

    @Test
    void verifyWhenOwnerNotAsciiThenPercentEncoded() throws Exception {
        IssuedToken token = issue("acme", "zo\u00eb 100%");
        TestServer.Response response = server.get("/auth/verify", "Authorization: Bearer " + token.plaintext());
        assertThat(response.header("X-Klink-Owner")).isEqualTo("zo%C3%AB 100%25");
    }

    @Test
    void verifyWhenNoTokenThenRow1() throws Exception {
        assertRefused(server.get("/auth/verify"), BearerError.MISSING_TOKEN);
        assertRefused(server.get("/auth/verify", "Authorization: Basic YTpi"), BearerError.MISSING_TOKEN);
    }

    @Test
    void verifyWhenMalformedOrDoubledThenRows2And3() throws Exception {
        assertRefused(server.get("/auth/verify", "Authorization: Bearer a b"), BearerError.MALFORMED_TOKEN);
        assertRefused(server.raw(TestServer.CONTEXT + "/auth/verify", "Authorization: Bearer abc",
                "Authorization: Bearer def"), BearerError.MULTIPLE_CREDENTIALS);
    }

    @Test
    void verifyWhenInvalidOrOtherTenantThenRow5() throws Exception {
        String wrongSecret = reader.plaintext().substring(0, reader.plaintext().length() - 12) + "AAAAAAAAAAAA";
        assertRefused(server.get("/auth/verify", "Authorization: Bearer " + wrongSecret), BearerError.INVALID_TOKEN);
        assertRefused(server.get("/auth/verify", "Authorization: Bearer " + reader.plaintext(),
                "X-Klink-Tenant: globex"), BearerError.INVALID_TOKEN);
    }

    @Test
    void verifyWhenExpiredOrRevokedThenRows6And7() throws Exception {
        IssuedToken expiring = tokens.issue(IssueRequest.builder("acme", "carol").name("short")
                .expiresAfter(Duration.ofMinutes(1)).build());
        IssuedToken revoked = issue("acme", "dave");
        tokens.revoke("acme", revoked.info().id(), "admin", null);
        clock.advance(Duration.ofMinutes(2));
        assertRefused(server.get("/auth/verify", "Authorization: Bearer " + expiring.plaintext()),
                BearerError.TOKEN_EXPIRED);
        assertRefused(server.get("/auth/verify", "Authorization: Bearer " + revoked.plaintext()),
                BearerError.TOKEN_REVOKED);
    }

    @Test
    void verifyWhenGatewayAddressOutsideAllowlistThenRow12AndInsideThen200() throws Exception {
        IssuedToken outside = tokens.issue(IssueRequest.builder("acme", "olga").name("office only")
                .allowedIps("10.0.0.0/8").build());
        IssuedToken inside = tokens.issue(IssueRequest.builder("acme", "olga").name("loopback")
                .allowedIps("127.0.0.1").build());

        assertRefused(server.get("/auth/verify", "Authorization: Bearer " + outside.plaintext()),
                BearerError.IP_NOT_ALLOWED);
        assertThat(server.get("/auth/verify", "Authorization: Bearer " + inside.plaintext()).status())
                .isEqualTo(200);
    }

    @Test
    void verifyWhenAbilityMissingThenRow8WithScope() throws Exception {
        assertRefused(server.get("/auth/verify", "Authorization: Bearer " + reader.plaintext(),
                "X-Klink-Require: orders:read orders:write"), BearerError.INSUFFICIENT_SCOPE,
                BearerErrorResponder.DEFAULT_REALM, "orders:read orders:write");
    }

    @Test
    void verifyWhenStoreDownThenRow9() throws Exception {
        store.down(true);
        assertRefused(server.get("/auth/verify", "Authorization: Bearer " + reader.plaintext()),
                BearerError.STORE_UNAVAILABLE);
    }

    @Test
    void verifyWhenGatewayHeaderUnreadableThen400() throws Exception {
        String detail = "The gateway's X-Klink-Require or X-Klink-Tenant header is invalid";
        assertProblem(server.get("/auth/verify", "Authorization: Bearer " + reader.plaintext(),
                "X-Klink-Require: Orders Read!"), 400, detail, "invalid_gateway_header");
        assertProblem(server.raw(TestServer.CONTEXT + "/auth/verify", "Authorization: Bearer "
                + reader.plaintext(), "X-Klink-Tenant: acme", "X-Klink-Tenant: globex"), 400, detail,
                "invalid_gateway_header");
    }
}
