package dev.klink.tokens.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.caffeine.CachingTokenStore;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.servlet.AccessRule;
import dev.klink.tokens.servlet.KlinkTokenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jdbi.v3.core.Jdbi;

/**
 * The server of the HTTP check: Jetty 12 on loopback with {@link KlinkTokenFilter} in front of one tiny servlet.
 * {@code /api/hello} needs a token, {@code /public/hello} does not; both answer the same 5 bytes, so the difference
 * between them is the token check. The token is written to a file (mode 600) for {@code wrk -H}, never printed.
 *
 * <p>With {@code -Dklink.bench.postgres=<jdbc url>}, {@code /cached/hello} needs a token too, checked by a second
 * service whose tokens live in PostgreSQL behind the verification cache (its defaults: 10 000 tokens, 10 s); that
 * token goes to {@code <token file>-cached}.
 *
 * <p>Jetty's per-connection cache of header values is off, as README and SECURITY.md advise;
 * {@code -Dklink.bench.jetty.headerCache=case-sensitive} keeps it on and matching case (the other safe setting),
 * {@code =jetty-default} leaves Jetty's default (matching ignoring case, which SECURITY.md advises against).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.klink.tokens.benchmarks.HttpBenchServer [port] [token file]
 * </pre>
 */
public final class HttpBenchServer {

    private HttpBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        Path tokenFile = Path.of(args.length > 1 ? args[1] : "benchmarks/target/http-bench-token");

        TokenService tokens = TokenService.builder(new InMemoryTokenStore()).hasher(Fixtures.klinkHasher()).build();
        writeToken(tokenFile, issue(tokens));

        KlinkTokenFilter filter = KlinkTokenFilter.builder(tokens)
                .rule(AccessRule.path("/public/**").permitAll())
                .rule(AccessRule.path("/api/**").all(Fixtures.ABILITY))
                .build();

        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        String headerCache = System.getProperty("klink.bench.jetty.headerCache", "off");
        switch (headerCache) {
            case "off" -> http.setHeaderCacheSize(0); // as README and SECURITY.md advise for Jetty
            case "case-sensitive" -> http.setHeaderCacheCaseSensitive(true);
            case "jetty-default" -> {
            }
            default -> throw new IllegalArgumentException("klink.bench.jetty.headerCache must be off, case-sensitive"
                    + " or jetty-default, was " + headerCache);
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder inMemory = new FilterHolder(filter);
        context.addFilter(inMemory, "/public/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(inMemory, "/api/*", EnumSet.of(DispatcherType.REQUEST));
        String postgres = System.getProperty("klink.bench.postgres");
        if (postgres != null) {
            HikariDataSource dataSource = DbVerifyBenchmark.dataSource("postgres");
            Jdbi jdbi = Jdbi.create(dataSource);
            JdbiTokenStore store = JdbiTokenStore.builder(jdbi).tablePrefix("klink_http_").build();
            store.migrate();
            jdbi.useHandle(handle -> handle.execute("DELETE FROM " + store.tokensTable())); // earlier runs' tokens
            TokenService cached = TokenService.builder(CachingTokenStore.builder(store).build())
                    .hasher(Fixtures.klinkHasher()).build();
            writeToken(Path.of(tokenFile + "-cached"), issue(cached));
            context.addFilter(new FilterHolder(KlinkTokenFilter.builder(cached)
                    .rule(AccessRule.path("/cached/**").all(Fixtures.ABILITY)).build()), "/cached/*",
                    EnumSet.of(DispatcherType.REQUEST));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                cached.close();
                dataSource.close();
            }));
        }
        context.addServlet(new ServletHolder(new Hello()), "/*");
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(tokens::close));
        System.out.println("HttpBenchServer listening on http://127.0.0.1:" + connector.getLocalPort()
                + "/ (token in " + tokenFile.toAbsolutePath() + ", Jetty header cache " + headerCache + ")");
        server.join();
    }

    private static String issue(TokenService tokens) {
        return tokens.issue(IssueRequest.builder(Fixtures.TENANT, Fixtures.OWNER).name("wrk")
                .abilities(Fixtures.ABILITY).expiresAfter(Fixtures.LIFETIME).build()).plaintext();
    }

    private static void writeToken(Path file, String token) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token, StandardCharsets.US_ASCII);
    }

    /** The same small answer on every path. */
    static final class Hello extends HttpServlet {

        private static final byte[] BODY = "hello".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.setContentLength(BODY.length);
            response.getOutputStream().write(BODY);
        }
    }
}
