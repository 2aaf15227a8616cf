package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.Problems.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.ParsedToken;
import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.SecretLeaks;
import dev.klink.tokens.testing.TraceLogCapture;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.tools.Server;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole token lifecycle through {@link KlinkTokenFilter} on Jetty, over the JDBI store on an H2 server reached
 * through HikariCP, with every logger at TRACE (Jetty, HikariCP, JDBI, H2, klink): issue, use, fail every way, rotate,
 * revoke, and a store outage and recovery. No plaintext token, secret, secret with checksum or {@code Authorization}
 * value may appear in a log event (message, arguments, MDC, throwable), an exception, an event or a response.
 */
class FilterSecrecySweepTest {

    /** The one logger allowed to show what the client sent: Jetty's raw header parser, at DEBUG. */
    static final String JETTY_HEADER_LOGGER = "log org.eclipse.jetty.http.HttpParser DEBUG";
    private static final Instant START = Instant.parse("2026-05-01T08:00:00Z");

    @TempDir
    Path dir;

    private final SecretLeaks leaks = SecretLeaks.create();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
    private final Random random = new Random(12);
    private TestServer server;
    private Server h2;

    @Test
    void lifecycleThroughFilterWhenEveryLoggerAtTraceThenNoSecretInLogsExceptionsEventsOrResponses()
            throws Exception {
        int port = freePort();
        h2 = startH2(port);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:h2:tcp://127.0.0.1:" + port + "/sweep;TRACE_LEVEL_FILE=4");
        pool.setConnectionTimeout(1000);
        pool.setValidationTimeout(250);
        pool.setMaximumPoolSize(2);
        // H2 reports a connection to a stopped server as "database closed" (90121), which HikariCP does not know to
        // be fatal: evict such connections, as it does with SQLState 08xxx of PostgreSQL and MariaDB
        pool.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                return e.getErrorCode() == 90121 || e.getErrorCode() == 90067
                        ? SQLExceptionOverride.Override.MUST_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
        MutableClock clock = MutableClock.at(START);
        List<ILoggingEvent> logged;
        try (TraceLogCapture logs = TraceLogCapture.start(); HikariDataSource dataSource = new HikariDataSource(pool)) {
            JdbiTokenStore store = JdbiTokenStore.create(Jdbi.create(dataSource));
            store.migrate();
            AbilityCatalog catalog = AbilityCatalog.builder()
                    .ability("orders:read", "Read orders")
                    .ability("orders:write", "Change orders", "orders:read")
                    .build();
            try (TokenService tokens = TokenService.builder(store).clock(clock).catalog(catalog)
                    .listener(events::add).backgroundUsageFlush(false).build()) {
                KlinkTokenFilter filter = KlinkTokenFilter.builder(tokens)
                        .tenantResolver(new HeaderTenantResolver())
                        .rule(AccessRule.path("/orders/**").all("orders:write"))
                        .rule(AccessRule.path("/**").all("orders:read"))
                        .build();
                server = TestServer.start(new EchoServlet(), context -> { }, filter);
                try {
                    lifecycle(tokens, clock, port);
                } finally {
                    server.close();
                }
            }
            logged = logs.events();
            logs.reportTo(leaks);
        } finally {
            h2.stop();
        }
        events.forEach(event -> leaks.text("event " + event.getClass().getSimpleName(), event));

        assertThat(events).extracting(event -> event.getClass().getSimpleName())
                .contains("Issued", "Rotated", "Revoked", "VerificationFailed");
        assertThat(logged).extracting(ILoggingEvent::getLoggerName)
                .anyMatch(name -> name.startsWith("org.eclipse.jetty"))
                .anyMatch(name -> name.startsWith("com.zaxxer.hikari"))
                .anyMatch(name -> name.startsWith("dev.klink.tokens"));
        assertThat(leaks.secretCount()).isGreaterThanOrEqualTo(29);
        // Jetty's own HTTP parser logs every raw header line at DEBUG, the Authorization header included: a
        // container behaviour no filter can prevent, so SECURITY.md tells operators to keep that logger above DEBUG
        assertThat(leaks.leaks()).filteredOn(leak -> !leak.startsWith(JETTY_HEADER_LOGGER)).isEmpty();
    }

    private void lifecycle(TokenService tokens, MutableClock clock, int port) throws Exception {
        IssuedToken reader = issue(tokens, "reader", IssueRequest.builder("acme", "alice").name("reader")
                .abilities("orders:read").expiresInDays(30).build());
        IssuedToken writer = issue(tokens, "writer", IssueRequest.builder("acme", "alice").name("writer")
                .abilities("orders:write").expiresInDays(30).build());
        IssuedToken shortLived = issue(tokens, "short-lived", IssueRequest.builder("acme", "bob").name("hour")
                .abilities("orders:read").expiresAt(START.plus(Duration.ofHours(1))).build());
        ParsedToken parts = Objects.requireNonNull(TokenFormat.parse(reader.plaintext()));

        // use, and fail every way
        assertThat(call("valid read", reader.plaintext(), "/things", "acme").status()).isEqualTo(200);
        assertThat(call("valid write", writer.plaintext(), "/orders/1", "acme").status()).isEqualTo(200);
        assertRefused(call("malformed", leaks.token("malformed", reader.plaintext() + "%!"), "/things", "acme"),
                BearerError.MALFORMED_TOKEN);
        String plaintext = reader.plaintext();
        String badChecksum = plaintext.substring(0, plaintext.length() - 1) + (plaintext.endsWith("A") ? "B" : "A");
        assertRefused(call("bad checksum", leaks.token("bad checksum", badChecksum), "/things", "acme"),
                BearerError.INVALID_TOKEN);
        String unknownId = TokenFormat.format(parts.prefix(), TokenFormat.randomId(random), parts.secret());
        assertRefused(call("unknown id", leaks.token("unknown id", unknownId), "/things", "acme"),
                BearerError.INVALID_TOKEN);
        String wrongSecret = TokenFormat.format(parts.prefix(), parts.id(), TokenFormat.randomSecret(random));
        assertRefused(call("wrong secret", leaks.token("wrong secret", wrongSecret), "/things", "acme"),
                BearerError.INVALID_TOKEN);
        assertRefused(call("wrong tenant", reader.plaintext(), "/things", "globex"), BearerError.INVALID_TOKEN);
        assertRefused(call("insufficient", reader.plaintext(), "/orders/1", "acme"),
                BearerError.INSUFFICIENT_SCOPE, BearerErrorResponder.DEFAULT_REALM, "orders:write");
        clock.advance(Duration.ofHours(2));
        assertRefused(call("expired", shortLived.plaintext(), "/things", "acme"), BearerError.TOKEN_EXPIRED);

        // rotate with grace, revoke
        IssuedToken rotated = issued("rotated reader", tokens.rotate("acme", reader.info().id(),
                Duration.ofMinutes(5), "alice"));
        assertThat(call("old in grace", reader.plaintext(), "/things", "acme").status()).isEqualTo(200);
        assertThat(call("rotated", rotated.plaintext(), "/things", "acme").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(6));
        assertRefused(call("old after grace", reader.plaintext(), "/things", "acme"), BearerError.TOKEN_REVOKED);
        tokens.revoke("acme", writer.info().id(), "alice", "leaked");
        assertRefused(call("revoked", writer.plaintext(), "/orders/1", "acme"), BearerError.TOKEN_REVOKED);
        tokens.flushUsage();

        // the store goes away and comes back
        h2.stop();
        assertRefused(call("store down", rotated.plaintext(), "/things", "acme"),
                BearerError.STORE_UNAVAILABLE);
        assertRefused(call("store down, wrong secret", wrongSecret, "/things", "acme"),
                BearerError.STORE_UNAVAILABLE);
        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> tokens.revoke("acme", rotated.info().id(), "alice", null))
                .satisfies(e -> leaks.exception("revoke while the store is down", e));
        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> tokens.issue(IssueRequest.builder("acme", "alice").name("down").build()))
                .satisfies(e -> leaks.exception("issue while the store is down", e));
        tokens.flushUsage();
        h2 = startH2(port);
        TestServer.Response back = call("store back", rotated.plaintext(), "/things", "acme");
        for (int attempt = 0; back.status() == 503 && attempt < 50; attempt++) {
            Thread.sleep(100); // bounded wait for the pool to reconnect, not time-based logic
            back = call("store back", rotated.plaintext(), "/things", "acme");
        }
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        tokens.flushUsage();
    }

    private IssuedToken issue(TokenService tokens, String what, IssueRequest request) {
        return issued(what, tokens.issue(request));
    }

    private IssuedToken issued(String what, IssuedToken issued) {
        leaks.token(what, issued.plaintext());
        leaks.text("IssuedToken " + what, issued);
        leaks.text("TokenInfo " + what, issued.info());
        return issued;
    }

    /** {@code GET path} with {@code Authorization: Bearer token} and {@code X-Tenant}; records the response. */
    private TestServer.Response call(String what, String token, String path, String tenant)
            throws IOException, InterruptedException {
        TestServer.Response response = server.get(path, "Authorization: Bearer " + token, "X-Tenant: " + tenant);
        leaks.text("response " + what, response);
        return response;
    }

    private Server startH2(int port) throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
