package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.testing.FaultProxy;
import dev.klink.tokens.testing.LoadLoop;
import dev.klink.tokens.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter on a real Jetty in front of a {@link JdbiTokenStore} over HikariCP, configured with the timeouts the
 * README recommends, and a {@link FaultProxy} between the pool and a real database. While the database is cut or
 * stalled, every answer of a bounded request loop is 503 {@code token_store_unavailable} with {@code Retry-After},
 * within the pool's and socket's timeouts; after the network heals, tokens verify again within 2 s without a
 * restart, and no last-used time recorded before or during the outage is lost.
 */
abstract class DatabaseFaultsTestBase {

    /** HikariCP's wait for a connection; the README's recommended setting. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    /** The driver's socket (read) timeout set by {@link #driverTimeouts}. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(1);
    /** Longest answer allowed while the database is down: a pool wait plus a read that times out, plus slack. */
    private static final Duration MAX_ANSWER = CONNECTION_TIMEOUT.plus(SOCKET_TIMEOUT).plusSeconds(1);
    private static final Duration MAX_RECOVERY = Duration.ofSeconds(2);
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:[a-z]+://)([^/:?]+)(?::(\\d+))?(/.*)$");
    private static final Instant START = Instant.parse("2026-08-01T09:00:00Z");
    private static final int TOKENS = 12;

    private final MutableClock clock = MutableClock.at(START);
    private FaultProxy proxy;
    private HikariDataSource pool;
    private Jdbi direct;
    private JdbiTokenStore directStore;
    private TokenService service;
    private TestServer server;

    /** e.g. {@code KLINK_TEST_POSTGRES_URL}. */
    abstract String urlVariable();

    abstract int defaultPort();

    abstract String tablePrefix();

    /** Sets the driver's connect and socket timeouts on the pool, as a user should. */
    abstract void driverTimeouts(HikariConfig config);

    @BeforeEach
    void start() throws Exception {
        String url = System.getenv(urlVariable());
        assumeTrue(url != null && !url.isBlank(), () -> getClass().getSimpleName() + " is skipped because "
                + urlVariable() + " is not set; point it at a database the tests may create tables in");
        Matcher parts = JDBC_URL.matcher(url);
        assertThat(parts.matches()).as("a JDBC URL with host and database: %s", urlVariable()).isTrue();
        int port = parts.group(3) == null ? defaultPort() : Integer.parseInt(parts.group(3));
        proxy = FaultProxy.start(parts.group(2), port);

        direct = Jdbi.create(url);
        directStore = JdbiTokenStore.builder(direct).tablePrefix(tablePrefix()).build();
        dropTables();
        directStore.migrate();

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(parts.group(1) + "127.0.0.1:" + proxy.port() + parts.group(4));
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(500);
        driverTimeouts(config);
        pool = new HikariDataSource(config);
        JdbiTokenStore store = JdbiTokenStore.builder(Jdbi.create(pool)).tablePrefix(tablePrefix()).build();
        service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false).build();
        KlinkTokenFilter filter = KlinkTokenFilter.builder(service).rule(AccessRule.path("/**").all("orders:read"))
                .build();
        server = TestServer.start(new EchoServlet(), context -> { }, filter);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (service != null) {
            service.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (direct != null) {
            dropTables();
        }
    }

    private void dropTables() {
        for (String table : List.of("tokens", "schema_version")) {
            direct.useHandle(handle -> handle.execute("DROP TABLE IF EXISTS " + tablePrefix() + table));
        }
    }

    @Test
    void filterWhenDatabaseCutUnderLoadThen503UntilRestoredAndNoUseLost() throws Exception {
        outageUnderLoad(proxy::cut);
    }

    @Test
    void filterWhenDatabaseStalledUnderLoadThen503WithinTimeoutsUntilRestoredAndNoUseLost() throws Exception {
        outageUnderLoad(proxy::stall);
    }

    private void outageUnderLoad(Runnable fault) throws Exception {
        List<IssuedToken> tokens = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            tokens.add(service.issue(IssueRequest.builder("acme", "user-" + i).name("load " + i)
                    .abilities("orders:read").expiresInDays(30).build()));
        }
        // uses before the outage: half at full speed, half over a slow network
        Instant before = START.plusSeconds(10);
        clock.set(before);
        for (int i = 0; i < TOKENS; i++) {
            if (i == TOKENS / 2) {
                proxy.slow(Duration.ofMillis(20));
            }
            assertThat(server.getWithToken("/orders", tokens.get(i).plaintext()).status()).as("use %d", i)
                    .isEqualTo(200);
        }

        fault.run();
        long faultAt = System.nanoTime();
        clock.set(START.plusSeconds(20));
        // a short outage: HikariCP retries connections with a backoff that doubles up to 5 s, so the time it takes
        // to notice the database is back grows with the outage (see the README's JDBI section)
        LoadLoop<TestServer.Response> load = LoadLoop.start(8, 80, Duration.ofSeconds(1),
                i -> server.getWithToken("/orders", tokens.get(i % TOKENS).plaintext()));
        int flushedDuringOutage = service.flushUsage();
        List<LoadLoop.Call<TestServer.Response>> calls = load.await();

        assertThat(calls).as("answers during the outage").hasSizeGreaterThanOrEqualTo(8);
        for (LoadLoop.Call<TestServer.Response> call : calls) {
            Problems.assertRefused(call.result(), BearerError.STORE_UNAVAILABLE);
            assertThat(call.took()).as("time to answer while the database is down").isLessThan(MAX_ANSWER);
        }
        assertThat(flushedDuringOutage).isZero();
        assertThat(service.pendingUsageWrites()).as("uses waiting for the database").isEqualTo(TOKENS);

        proxy.restore();
        Duration outage = Duration.ofNanos(System.nanoTime() - faultAt);
        Instant after = START.plusSeconds(30);
        clock.set(after);
        long restored = System.nanoTime();
        Duration recovery = null;
        while (recovery == null) {
            TestServer.Response response = server.getWithToken("/orders", tokens.get(0).plaintext());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - restored);
            if (response.status() == 200) {
                recovery = elapsed;
            } else {
                Problems.assertRefused(response, BearerError.STORE_UNAVAILABLE);
                assertThat(elapsed).as("time to verify again after the database is back").isLessThan(MAX_RECOVERY);
                Thread.sleep(20);
            }
        }
        System.out.printf("%s: %d answers during an outage of %d ms, slowest %d ms; verified again %d ms after"
                + " restore%n", getClass().getSimpleName(), calls.size(), outage.toMillis(),
                calls.stream().mapToLong(call -> call.took().toMillis()).max().orElse(0), recovery.toMillis());
        assertThat(recovery).isLessThan(MAX_RECOVERY);

        assertThat(service.flushUsage()).as("uses written after recovery").isEqualTo(TOKENS);
        assertThat(service.pendingUsageWrites()).isZero();
        for (int i = 0; i < TOKENS; i++) {
            assertThat(directStore.findById(tokens.get(i).info().id()).orElseThrow().lastUsedAt())
                    .as("last use of token %d in the database", i).isEqualTo(i == 0 ? after : before);
        }
    }
}
