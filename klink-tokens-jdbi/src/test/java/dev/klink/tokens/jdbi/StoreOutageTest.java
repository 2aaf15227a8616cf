package dev.klink.tokens.jdbi;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.testing.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.h2.tools.Server;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database that cannot be reached makes verification report STORE_UNAVAILABLE, never NOT_FOUND or valid, and the
 * same service works again once the database is back. Needs no database server: the drivers meet a closed port.
 */
class StoreOutageTest {

    private static final Instant START = Instant.parse("2026-07-01T12:00:00Z");

    private final MutableClock clock = MutableClock.at(START);

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:h2:tcp://127.0.0.1:%d/klink",
        "jdbc:postgresql://127.0.0.1:%d/test?user=postgres&connectTimeout=5",
        "jdbc:mariadb://127.0.0.1:%d/test?user=root&connectTimeout=5000"})
    void verifyWhenDatabasePortClosedThenStoreUnavailable(String urlPattern) throws IOException {
        Jdbi jdbi = Jdbi.create(urlPattern.formatted(closedPort()));
        JdbiTokenStore store = JdbiTokenStore.create(jdbi);
        String id = TokenFormat.randomId(new Random(3));
        String plaintext = TokenFormat.format(TokenFormat.DEFAULT_PREFIX, id, TokenFormat.randomSecret(new Random(4)));

        try (TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false).build()) {
            VerificationResult result = service.verify(plaintext);

            assertThat(result).isFailed(VerificationFailure.STORE_UNAVAILABLE);
            assertThat(result.tokenId()).isEqualTo(id);
            assertThatExceptionOfType(TokenStoreUnavailableException.class)
                    .isThrownBy(() -> service.listByTenant("acme", PageRequest.first(10)))
                    .withMessageStartingWith("Token store could not detect the database in klink_tokens (SQLState ")
                    .withCauseInstanceOf(SQLException.class);
            assertThatExceptionOfType(TokenStoreUnavailableException.class).isThrownBy(store::migrate);
        }
    }

    @Test
    void verifyWhenDatabaseGoesDownThenStoreUnavailableAndValidAgainWhenBackWithoutRestart(@TempDir Path dir)
            throws Exception {
        int port = closedPort();
        Server server = startH2(port, dir);
        try {
            JdbiTokenStore store = JdbiTokenStore.builder(Jdbi.create("jdbc:h2:tcp://127.0.0.1:" + port + "/klink"))
                    .tablePrefix("klink_out_").build();
            store.migrate();
            try (TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                    .usageFlushInterval(Duration.ofSeconds(60)).build()) {
                IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("ci")
                        .abilities("orders:read").expiresInDays(30).build());
                assertThat(service.verify(issued.plaintext())).isValid();

                server.stop();
                VerificationResult whileDown = service.verify(issued.plaintext());
                int writtenWhileDown = service.flushUsage();

                assertThat(whileDown).isFailed(VerificationFailure.STORE_UNAVAILABLE);
                assertThat(whileDown.tokenId()).isEqualTo(issued.info().id());
                assertThat(writtenWhileDown).isZero();
                assertThat(service.pendingUsageWrites()).isOne();

                server = startH2(port, dir);
                clock.advance(Duration.ofSeconds(1));
                VerificationResult afterwards = service.verify(issued.plaintext());
                int writtenAfterwards = service.flushUsage();

                assertThat(afterwards).isValid();
                assertThat(writtenAfterwards).isOne();
                assertThat(store.findById(issued.info().id()).orElseThrow().lastUsedAt())
                        .isEqualTo(START.plusSeconds(1));
            }
        } finally {
            server.stop();
        }
    }

    private static Server startH2(int port, Path dir) throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
                .start();
    }

    /** A port nothing listens on: bound, read and released again. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
