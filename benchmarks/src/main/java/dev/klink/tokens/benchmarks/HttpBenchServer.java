package dev.klink.tokens.benchmarks;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
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

/**
 * The server of the HTTP check: Jetty 12 on loopback with {@link KlinkTokenFilter} in front of one tiny servlet.
 * {@code /api/hello} needs a token, {@code /public/hello} does not; both answer the same 5 bytes, so the difference
 * between them is the token check. The token is written to a file (mode 600) for {@code wrk -H}, never printed.
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
        String token = tokens.issue(IssueRequest.builder(Fixtures.TENANT, Fixtures.OWNER).name("wrk")
                .abilities(Fixtures.ABILITY).expiresAfter(Fixtures.LIFETIME).build()).plaintext();
        Files.deleteIfExists(tokenFile);
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, token, StandardCharsets.US_ASCII);

        KlinkTokenFilter filter = KlinkTokenFilter.builder(tokens)
                .rule(AccessRule.path("/public/**").permitAll())
                .rule(AccessRule.path("/api/**").all(Fixtures.ABILITY))
                .build();

        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Hello()), "/*");
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(tokens::close));
        System.out.println("HttpBenchServer listening on http://127.0.0.1:" + connector.getLocalPort()
                + "/ (token in " + tokenFile.toAbsolutePath() + ")");
        server.join();
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
