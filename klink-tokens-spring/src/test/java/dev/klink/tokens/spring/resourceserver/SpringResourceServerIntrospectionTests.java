package dev.klink.tokens.spring.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.Http;
import dev.klink.tokens.spring.introspectionapp.IntrospectionApp;
import dev.klink.tokens.testing.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real client we did not write: Spring Security's opaque-token resource server (a second Spring Boot application
 * on its own random port) introspects klink tokens at a running klink application, whose own Spring Security chain
 * demands a login everywhere else. Also the forward-auth endpoint of the same application.
 */
@SpringBootTest(classes = IntrospectionApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "klink.tokens.abilities[0].name=orders:read",
                "klink.tokens.abilities[0].description=Read orders",
                "klink.tokens.abilities[1].name=orders:write",
                "klink.tokens.abilities[1].description=Change orders",
                "klink.tokens.abilities[1].implies=orders:read",
                "klink.tokens.abilities[2].name=profile:read",
                "klink.tokens.abilities[2].description=Read the profile",
                "klink.tokens.introspection.enabled=true",
                "klink.tokens.introspection.clients[0].id=resource-server",
                // printf %s rs-secret-4Vq9 | sha256sum
                "klink.tokens.introspection.clients[0].secret-hash="
                        + "7bd2562ebd7de989fc79b52c3e3884076a90b910ba48fa0090ebfaf918ca72dd",
                "klink.tokens.forward-auth.enabled=true" })
class SpringResourceServerIntrospectionTests {

    private static ConfigurableApplicationContext resourceServer;
    private static Http orders;

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    @Autowired
    MutableClock clock;

    private Http klink;

    @BeforeEach
    void startResourceServer() {
        klink = Http.stateless(port);
        if (resourceServer == null) {
            String prefix = "--spring.security.oauth2.resourceserver.opaquetoken.";
            resourceServer = new SpringApplicationBuilder(ResourceServerApp.class).run("--server.port=0",
                    "--spring.main.banner-mode=off", "--spring.jmx.enabled=false",
                    prefix + "introspection-uri=http://localhost:" + port + "/oauth2/introspect",
                    prefix + "client-id=resource-server", prefix + "client-secret=rs-secret-4Vq9");
            orders = Http.stateless(((WebServerApplicationContext) resourceServer).getWebServer().getPort());
        }
    }

    @AfterAll
    static void stopResourceServer() {
        if (resourceServer != null) {
            resourceServer.close();
        }
    }

    private IssuedToken issue(String owner, Duration lifetime, String... abilities) {
        return tokens.issue(IssueRequest.builder("acme", owner).name("token of " + owner).abilities(abilities)
                .expiresAfter(lifetime).build());
    }

    private static HttpResponse<String> getOrders(IssuedToken token) {
        return orders.get("/orders", "Bearer " + token.plaintext());
    }

    @Test
    void resourceServerWhenTokenHasAbilityThenScopeAuthorityGrantsAccess() {
        IssuedToken token = issue("alice", Duration.ofDays(30), "orders:read");
        HttpResponse<String> response = getOrders(token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("orders of alice");
    }

    @Test
    void resourceServerWhenTokenRevokedThen401() {
        IssuedToken token = issue("bob", Duration.ofDays(30), "orders:read");
        assertThat(getOrders(token).statusCode()).isEqualTo(200);
        tokens.revoke("acme", token.info().id(), "admin", "left");
        HttpResponse<String> response = getOrders(token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }

    @Test
    void resourceServerWhenTokenExpiredThen401() {
        IssuedToken token = issue("carol", Duration.ofMinutes(1), "orders:read");
        assertThat(getOrders(token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        assertThat(getOrders(token).statusCode()).isEqualTo(401);
    }

    @Test
    void resourceServerWhenTokenLacksAbilityThen403() {
        IssuedToken token = issue("dave", Duration.ofDays(30), "profile:read");
        HttpResponse<String> response = getOrders(token);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
    }

    @Test
    void resourceServerWhenNotAKlinkTokenThen401() {
        assertThat(orders.get("/orders", "Bearer klink_pat_0123456789abcdef_" + "A".repeat(38)).statusCode())
                .isEqualTo(401);
    }

    @Test
    void introspectionWhenCalledWithoutCredentialsThenBasicChallengeNotTheLoginOfTheApplication() {
        HttpResponse<String> response = klink.send(klink.request("/oauth2/introspect")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=x")));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"klink\"");
        assertThat(response.body()).startsWith("{\"error\":\"invalid_client\"");
        assertThat(klink.get("/oauth2/introspect").statusCode()).isEqualTo(405);
    }

    @Test
    void forwardAuthWhenTokenValidThenIdentityHeadersAndOtherwiseTheErrorTable() {
        IssuedToken token = issue("erin", Duration.ofDays(30), "orders:read");
        HttpResponse<String> ok = klink.send(klink.request("/auth/verify")
                .header("Authorization", "Bearer " + token.plaintext()).header("X-Klink-Require", "orders:read"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Klink-Owner")).hasValue("erin");
        assertThat(ok.headers().firstValue("X-Klink-Token-Id")).hasValue(token.info().id());

        HttpResponse<String> none = klink.get("/auth/verify");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"klink\"");
        assertThat(none.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"Authentication with a bearer token is required\",\"code\":\"missing_token\"}");

        HttpResponse<String> scope = klink.send(klink.request("/auth/verify")
                .header("Authorization", "Bearer " + token.plaintext()).header("X-Klink-Require", "orders:write"));
        assertThat(scope.statusCode()).isEqualTo(403);
        assertThat(scope.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"klink\", "
                + "error=\"insufficient_scope\", error_description=\"The access token lacks the required abilities\", "
                + "scope=\"orders:write\"");
    }
}
