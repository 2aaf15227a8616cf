package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.Problems.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.testing.MutableClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter as a {@code web.xml} application declares it: created by Jetty, configured by init-parameters. */
class KlinkTokenFilterInitParametersTest {

    private static final String REALM = "orders \"api\"";
    /** The realm as a quoted-string carries it in the challenge. */
    private static final String ESCAPED_REALM = "orders \\\"api\\\"";

    private static TokenService tokens;
    private static TestServer server;
    private static IssuedToken reader;

    @BeforeAll
    static void startServer() throws Exception {
        tokens = TokenService.builder(new SwitchableTokenStore()).clock(MutableClock.at("2026-03-01T10:00:00Z"))
                .backgroundUsageFlush(false).build();
        server = TestServer.start(new EchoServlet(), context -> {
            context.addEventListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    event.getServletContext().setAttribute("app.tokens", tokens);
                }
            });
            FilterHolder holder = new FilterHolder(KlinkTokenFilter.class);
            holder.setInitParameter("token-service-attribute", "app.tokens");
            holder.setInitParameter("realm", REALM);
            holder.setInitParameter("rules", """
                    # one rule per line
                    /health permitAll
                    GET,HEAD /api/orders/** all(orders:read)
                    POST /api/orders/** any(orders:write admin)
                    """);
            holder.setInitParameter("default-access", "authenticated");
            holder.setInitParameter("tenant-resolver", HeaderTenantResolver.class.getName());
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        });
        reader = tokens.issue(IssueRequest.builder("acme", "alice").name("reader").abilities("orders:read")
                .expiresInDays(1).build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
        tokens.close();
    }

    @Test
    void initWhenRulesGivenThenPermitAllPasses() throws Exception {
        assertThat(server.get("/health").status()).isEqualTo(200);
    }

    @Test
    void initWhenRealmGivenThenChallengeQuotesAndEscapesIt() throws Exception {
        assertRefused(server.get("/api/orders/1"), BearerError.MISSING_TOKEN, ESCAPED_REALM, "");
    }

    @Test
    void initWhenRulesGivenThenAbilitiesChecked() throws Exception {
        assertThat(server.getWithToken("/api/orders/1", reader.plaintext()).status()).isEqualTo(200);

        TestServer.Response response = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/orders/1"))
                .header("Authorization", "Bearer " + reader.plaintext())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());

        assertRefused(response, BearerError.INSUFFICIENT_SCOPE, ESCAPED_REALM, "orders:write admin");
    }

    @Test
    void initWhenTenantResolverClassGivenThenOtherTenantRefused() throws Exception {
        assertRefused(server.get("/api/orders/1", "Authorization: Bearer " + reader.plaintext(), "X-Tenant: globex"),
                BearerError.INVALID_TOKEN, ESCAPED_REALM, "");
        assertThat(server.get("/api/orders/1", "Authorization: Bearer " + reader.plaintext(), "X-Tenant: acme")
                .status()).isEqualTo(200);
    }

    @Test
    void initWhenServiceAttributeMissingThenFailsNamingIt() {
        KlinkTokenFilter filter = new KlinkTokenFilter();

        assertThatThrownBy(() -> filter.init(config(Map.of(), Map.of())))
                .isInstanceOf(ServletException.class)
                .hasMessage("Filter tokens: ServletContext attribute 'dev.klink.tokens.TokenService' must hold a "
                        + "dev.klink.tokens.TokenService (set it in a ServletContextListener), found none");
    }

    @Test
    void initWhenRuleMalformedThenFailsNamingTheRule() {
        KlinkTokenFilter filter = new KlinkTokenFilter();

        assertThatThrownBy(() -> filter.init(config(Map.of("rules", "GET /api/** all()"),
                Map.of(KlinkTokenFilter.DEFAULT_TOKEN_SERVICE_ATTRIBUTE, tokens))))
                .isInstanceOf(ServletException.class)
                .hasMessage("Filter tokens: in access rule 'GET /api/** all()': access all(...) needs at least one "
                        + "ability, was 'all()'");
    }

    @Test
    void initWhenResolverClassUnknownThenFailsNamingIt() {
        KlinkTokenFilter filter = new KlinkTokenFilter();

        assertThatThrownBy(() -> filter.init(config(Map.of("tenant-resolver", "com.example.Nope"),
                Map.of(KlinkTokenFilter.DEFAULT_TOKEN_SERVICE_ATTRIBUTE, tokens))))
                .isInstanceOf(ServletException.class)
                .hasMessageStartingWith("Filter tokens: cannot create TenantResolver from 'com.example.Nope'");
    }

    private static FilterConfig config(Map<String, String> parameters, Map<String, Object> attributes) {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(ServletContext.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getAttribute")) {
                        return attributes.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "tokens";
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }
        };
    }
}
