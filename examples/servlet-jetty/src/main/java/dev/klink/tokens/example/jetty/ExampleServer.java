package dev.klink.tokens.example.jetty;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.servlet.AccessRule;
import dev.klink.tokens.servlet.KlinkTokenFilter;
import dev.klink.tokens.servlet.TokenRequests;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The example application: Jetty with {@code GET /health} (public) and {@code GET /api/hello} (needs the ability
 * {@code hello:read}), protected by {@link KlinkTokenFilter}, tokens in an H2 file through {@link JdbiTokenStore}.
 * On the first start it issues a demo token and prints it once.
 */
public final class ExampleServer implements AutoCloseable {

    static final String TENANT = "demo";
    static final String OWNER = "demo-user";

    private final Server jetty;
    private final TokenService tokens;
    private final int port;

    private ExampleServer(Server jetty, TokenService tokens, int port) {
        this.jetty = jetty;
        this.tokens = tokens;
        this.port = port;
    }

    /**
     * Starts on {@code port} (0 for any free port) with the database under {@code dataDir}; the demo token, when
     * one is issued, is printed to {@code out}.
     */
    public static ExampleServer start(int port, Path dataDir, PrintStream out) throws Exception {
        Files.createDirectories(dataDir);
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("klink-example"));
        dataSource.setUser("sa");
        JdbiTokenStore store = JdbiTokenStore.builder(Jdbi.create(dataSource)).build();
        store.migrate();
        TokenService tokens = TokenService.builder(store)
                .catalog(AbilityCatalog.builder().ability("hello:read", "Say hello").build())
                .build();

        KlinkTokenFilter filter = KlinkTokenFilter.builder(tokens)
                .rule(AccessRule.path("/health").permitAll())
                .rule(AccessRule.path("/api/hello").methods("GET").all("hello:read"))
                .build();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HealthServlet()), "/health");
        context.addServlet(new ServletHolder(new HelloServlet()), "/api/hello");

        Server jetty = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Jetty's header cache otherwise matches header values ignoring case: a token differing from one sent
        // earlier on the same connection only in letter case would reach the filter as that earlier token. Off
        // rather than case-sensitive: walking a long token through the cache costs more than reading it.
        http.setHeaderCacheSize(0);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setPort(port);
        jetty.addConnector(connector);
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            tokens.close();
            throw e;
        }
        issueDemoTokenOnFirstStart(tokens, connector.getLocalPort(), out);
        return new ExampleServer(jetty, tokens, connector.getLocalPort());
    }

    private static void issueDemoTokenOnFirstStart(TokenService tokens, int port, PrintStream out) {
        if (!tokens.listByOwner(TENANT, OWNER, PageRequest.first(1)).items().isEmpty()) {
            return;
        }
        IssuedToken demo = tokens.issue(IssueRequest.builder(TENANT, OWNER).name("demo token")
                .abilities("hello:read").expiresInDays(30).build());
        out.println("Demo token (shown once, only its hash is stored): " + demo.plaintext());
        out.println("Try: curl -H 'Authorization: Bearer " + demo.plaintext() + "' http://localhost:" + port
                + "/api/hello");
    }

    public int port() {
        return port;
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    /** Stops Jetty and writes pending last-used times. Idempotent. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        } finally {
            tokens.close();
        }
    }

    private static void writeJson(HttpServletResponse response, String json) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /health}: public. */
    static final class HealthServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            writeJson(response, "{\"status\":\"UP\"}");
        }
    }

    /** {@code GET /api/hello}: greets the owner of the token. */
    static final class HelloServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            TokenPrincipal principal = TokenRequests.requireAbilities(request, "hello:read");
            writeJson(response, "{\"message\":\"Hello, " + principal.ownerId() + "\",\"token\":\""
                    + principal.tokenName() + "\"}");
        }
    }
}
