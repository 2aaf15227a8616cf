package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.testing.MutableClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation through {@link KlinkTokenFilter} on Jetty, as one table: a token of tenant acme sent to a request
 * of tenant globex gets, on every kind of path and method, the very response (status, every header but
 * {@code Date}, body) a token with an unknown id gets, so that nobody learns that the token exists elsewhere. A
 * subclass runs the table again with another {@link StoreFront} between the service and the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterTenantMatrixTest {

    private TokenService tokens;
    private TestServer server;
    private IssuedToken acmeReader;
    private IssuedToken acmeAdmin;
    private String unknownId;

    /** What stands between the service and the store. */
    StoreFront storeFront() {
        return StoreFront.DIRECT;
    }

    @BeforeAll
    void startServer() throws Exception {
        MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
        tokens = TokenService.builder(storeFront().inFrontOf(new SwitchableTokenStore(), clock)).clock(clock)
                .backgroundUsageFlush(false).build();
        KlinkTokenFilter filter = KlinkTokenFilter.builder(tokens)
                .tenantResolver(new HeaderTenantResolver())
                .rule(AccessRule.path("/public/**").permitAll())
                .rule(AccessRule.path("/admin/**").all("admin"))
                .rule(AccessRule.path("/orders/**").methods("POST").all("orders:write"))
                .rule(AccessRule.path("/**").authenticated())
                .build();
        server = TestServer.start(new EchoServlet(), context -> { }, filter);
        acmeReader = tokens.issue(IssueRequest.builder("acme", "alice").name("reader").abilities("orders:read")
                .expiresInDays(1).build());
        acmeAdmin = tokens.issue(IssueRequest.builder("acme", "root").name("admin")
                .abilities("admin", "orders:write", "orders:read").expiresInDays(1).build());
        tokens.issue(IssueRequest.builder("globex", "gina").name("globex's own").abilities("admin").expiresInDays(1)
                .build());
        Random random = new Random(5);
        unknownId = TokenFormat.format(TokenFormat.DEFAULT_PREFIX, TokenFormat.randomId(random),
                TokenFormat.randomSecret(random));
    }

    @AfterAll
    void stopServer() {
        server.close();
        tokens.close();
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("GET authenticated path", "GET", "/things", "reader"),
                Arguments.of("GET path needing an ability the token has", "GET", "/admin/users", "admin"),
                Arguments.of("GET path needing an ability the token lacks", "GET", "/admin/users", "reader"),
                Arguments.of("POST path needing orders:write, token lacks it", "POST", "/orders/1", "reader"),
                Arguments.of("POST path needing orders:write, token holds it", "POST", "/orders/1", "admin"),
                Arguments.of("GET public path carrying a token", "GET", "/public/page", "reader"),
                Arguments.of("GET application check of abilities", "GET", "/things?require=orders:read", "admin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void requestWhenTokenOfOtherTenantThenSameResponseAsUnknownId(String name, String method, String path,
            String token) throws Exception {
        String acmeToken = token.equals("admin") ? acmeAdmin.plaintext() : acmeReader.plaintext();

        Map<String, Object> crossTenant = response(method, path, acmeToken, "globex");
        Map<String, Object> unknown = response(method, path, unknownId, "globex");

        assertThat(crossTenant).as(name).isEqualTo(unknown);
        assertThat(crossTenant.get("status")).as(name).isEqualTo(401);
        assertThat(response(method, path, acmeToken, "acme").get("status")).as(name + " in its own tenant")
                .isNotEqualTo(401);
    }

    /** Status, headers but Date, and body of a raw request. */
    private Map<String, Object> response(String method, String path, String token, String tenant)
            throws Exception {
        TestServer.Response response = server.raw(method, TestServer.CONTEXT + path, List.of(
                ("Authorization: Bearer " + token).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                ("X-Tenant: " + tenant).getBytes(java.nio.charset.StandardCharsets.US_ASCII)), new byte[0]);
        Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
        headers.remove("date");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", response.status());
        answer.put("headers", headers);
        answer.put("body", response.body());
        return answer;
    }
}
