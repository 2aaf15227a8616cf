package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nginx (a real one, Debian's package) with {@code auth_request} to the {@link ForwardAuthServlet}, configured with
 * the shipped snippet {@code docs/nginx/klink-forward-auth.conf} as it is (only its {@code listen} port changed),
 * in front of an upstream that is not Java: a Python script echoing the request headers it received. Skipped when
 * nginx is not installed; {@code .ci/run} installs it and fails when this class was skipped.
 */
class NginxForwardAuthTest {

    static final Path SNIPPET = Paths.get("..", "docs", "nginx", "klink-forward-auth.conf");
    private static final String ECHO_UPSTREAM = """
            import sys
            from http.server import BaseHTTPRequestHandler, HTTPServer

            class Echo(BaseHTTPRequestHandler):
                def do_GET(self):
                    body = "".join(f"{k.lower()}: {v}\\n" for k, v in self.headers.items()).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def log_message(self, *args):
                    pass

            HTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
            """;

    private static final List<Process> processes = new ArrayList<>();
    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static TokenService tokens;
    private static RootServer klink;
    private static Path dir;
    private static int nginxPort;

    @BeforeAll
    static void start() throws Exception {
        String configured = System.getenv("KLINK_TEST_NGINX");
        Path nginx = Paths.get(configured == null || configured.isBlank() ? "/usr/sbin/nginx" : configured);
        Assumptions.assumeTrue(Files.isExecutable(nginx), "nginx not found at " + nginx
                + ": install it (apt-get install nginx) or set KLINK_TEST_NGINX to its path");
        AbilityCatalog catalog = AbilityCatalog.builder()
                .ability("orders:read", "Read orders")
                .ability("profile:read", "Read the profile")
                .build();
        tokens = TokenService.builder(new InMemoryTokenStore()).catalog(catalog).backgroundUsageFlush(false).build();
        klink = RootServer.start("/auth/verify", ForwardAuthServlet.builder(tokens).build());

        dir = Files.createTempDirectory("klink-nginx");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int upstreamPort = freePort();
        Path echo = dir.resolve("echo.py");
        Files.writeString(echo, ECHO_UPSTREAM);
        startProcess(new ProcessBuilder("python3", echo.toString(), Integer.toString(upstreamPort)));
        waitForPort(upstreamPort, "the Python upstream");

        nginxPort = freePort();
        String snippet = Files.readString(SNIPPET);
        assertThat(snippet).contains("    listen 8000;\n");
        Files.writeString(dir.resolve("klink-forward-auth.conf"),
                snippet.replace("    listen 8000;\n", "    listen 127.0.0.1:" + nginxPort + ";\n"));
        Files.writeString(dir.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream klink_tokens { server 127.0.0.1:%2$d; }
                    upstream app { server 127.0.0.1:%3$d; }
                    include %1$s/klink-forward-auth.conf;
                }
                """.formatted(dir, klink.port(), upstreamPort));
        startProcess(new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-g", "daemon off; master_process on;"));
        waitForPort(nginxPort, "nginx");
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (klink != null) {
            klink.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private static void startProcess(ProcessBuilder builder) throws IOException {
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("process-" + processes.size() + ".log").toFile());
        processes.add(builder.start());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void waitForPort(int port, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        String logs = Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "";
        throw new IllegalStateException(what + " did not listen on port " + port + " within 15 s; " + logs);
    }

    private static IssuedToken issue(String owner, String... abilities) {
        return tokens.issue(IssueRequest.builder("acme", owner).name("token of " + owner).abilities(abilities)
                .expiresInDays(30).build());
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + path))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String challenge(HttpResponse<String> response) {
        return response.headers().firstValue("WWW-Authenticate").orElse(null);
    }

    @Test
    void nginxWhenNoTokenThen401WithBearerChallengeRelayed() throws Exception {
        HttpResponse<String> response = get("/orders/1");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(challenge(response)).isEqualTo("Bearer realm=\"klink\"");
        assertThat(response.body()).doesNotContain("x-klink");
    }

    @Test
    void nginxWhenTokenValidThenUpstreamSeesTheTokenOwner() throws Exception {
        IssuedToken token = issue("alice", "orders:read", "profile:read");
        HttpResponse<String> response = get("/orders/1", "Authorization", "Bearer " + token.plaintext());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("x-klink-owner: alice\n", "x-klink-tenant: acme\n",
                "x-klink-token-id: " + token.info().id() + "\n", "x-klink-abilities: orders:read profile:read\n");
    }

    @Test
    void nginxWhenTokenLacksAbilityThen403InsufficientScope() throws Exception {
        IssuedToken token = issue("bob", "profile:read");
        HttpResponse<String> response = get("/orders/1", "Authorization", "Bearer " + token.plaintext());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(challenge(response)).isEqualTo("Bearer realm=\"klink\", error=\"insufficient_scope\", "
                + "error_description=\"The access token lacks the required abilities\", scope=\"orders:read\"");
    }

    @Test
    void nginxWhenTokenRevokedThen401WithinOneSecond() throws Exception {
        IssuedToken token = issue("carol", "orders:read");
        assertThat(get("/orders/1", "Authorization", "Bearer " + token.plaintext()).statusCode()).isEqualTo(200);
        long revokedAt = System.nanoTime();
        tokens.revoke("acme", token.info().id(), "admin", "test");
        HttpResponse<String> response;
        do {
            response = get("/orders/1", "Authorization", "Bearer " + token.plaintext());
        } while (response.statusCode() == 200 && System.nanoTime() - revokedAt < TimeUnit.SECONDS.toNanos(1));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(System.nanoTime() - revokedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(challenge(response)).isEqualTo("Bearer realm=\"klink\", error=\"invalid_token\", "
                + "error_description=\"The access token was revoked\"");
    }

    @Test
    void nginxWhenClientSendsItsOwnIdentityHeadersThenTheyAreOverwritten() throws Exception {
        IssuedToken token = issue("dave", "orders:read");
        HttpResponse<String> response = get("/orders/1", "Authorization", "Bearer " + token.plaintext(),
                "X-Klink-Owner", "mallory", "X-Klink-Tenant", "evil", "X-Klink-Token-Id", "forged",
                "X-Klink-Abilities", "*");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("x-klink-owner: dave\n", "x-klink-tenant: acme\n",
                "x-klink-abilities: orders:read\n").doesNotContain("mallory", "evil", "forged", "abilities: *");

        HttpResponse<String> anonymous = get("/orders/1", "X-Klink-Owner", "mallory");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void nginxWhenClientSendsItsOwnRequirementsThenTheLocationsStillApply() throws Exception {
        IssuedToken token = issue("erin", "profile:read");
        HttpResponse<String> response = get("/orders/1", "Authorization", "Bearer " + token.plaintext(),
                "X-Klink-Require", "profile:read", "X-Klink-Tenant", "acme");
        assertThat(response.statusCode()).isEqualTo(403);
    }
}
