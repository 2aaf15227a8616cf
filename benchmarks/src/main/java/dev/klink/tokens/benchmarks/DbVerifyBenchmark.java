package dev.klink.tokens.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.caffeine.CachingTokenStore;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A verification that reads the database every time (no cache), against the floor of any database-backed check and
 * against Laravel Sanctum's approach, and one through the verification cache. All read the same row of the same table
 * through the same HikariCP pool.
 *
 * <p>{@code postgres} is the PostgreSQL server on this machine's loopback ({@code -Dklink.bench.postgres=<jdbc url>}
 * to point elsewhere); {@code h2} is embedded and in memory.
 */
@BenchmarkMode(Mode.Throughput)
// a heap of fixed size, its pages touched at start: otherwise the first seconds run slower while the young generation
// first touches (page-faults in) fresh memory, and a fork whose heap grows later measures that instead
@Fork(jvmArgsPrepend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class DbVerifyBenchmark {

    static final String TABLE_PREFIX = "klink_bench_";
    private static final String TABLE = TABLE_PREFIX + "tokens";
    /** The columns klink reads, so that the floor moves the same bytes. */
    private static final String SELECT = "SELECT id, prefix, tenant_id, owner_id, name, abilities, hash_scheme, hash, "
            + "created_at, expires_at, revoked_at, revoked_by, revoke_reason, last_used_at, last_used_ip, "
            + "rotated_from_id, rotated_to_id, metadata FROM " + TABLE + " WHERE id = ?";
    private static final String TOUCH = "UPDATE " + TABLE + " SET last_used_at = ?, last_used_ip = ? WHERE id = ?";

    @Param({"h2", "postgres"})
    public String database;

    HikariDataSource dataSource;
    TokenService klink;
    /** The same store behind a {@link CachingTokenStore} with its defaults (10 000 tokens, 10 s). */
    TokenService klinkCached;
    String token;
    String tokenId;
    byte[] tokenBytes;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        dataSource = dataSource(database);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // a clean table each run, apart from whatever else uses the database
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("DROP TABLE IF EXISTS " + TABLE_PREFIX + "schema_version");
        }
        JdbiTokenStore store = JdbiTokenStore.builder(Jdbi.create(dataSource)).tablePrefix(TABLE_PREFIX).build();
        store.migrate();
        klink = TokenService.builder(store).hasher(Fixtures.klinkHasher()).build();
        klinkCached = TokenService.builder(CachingTokenStore.builder(store).build()).hasher(Fixtures.klinkHasher())
                .build();
        token = klink.issue(IssueRequest.builder(Fixtures.TENANT, Fixtures.OWNER).name(Fixtures.TOKEN_NAME)
                .abilities(Fixtures.ABILITY).expiresAfter(Fixtures.LIFETIME).build()).plaintext();
        tokenId = TokenFormat.parse(token).id();
        tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        klink.close();
        klinkCached.close();
        dataSource.close();
    }

    /** Each thread's {@link Mac} for the Sanctum-style check, keyed like klink's so that the stored hash matches. */
    @State(Scope.Thread)
    public static class ThreadMac {
        Mac mac;

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Fixtures.hmacKey(), "HmacSHA256"));
        }
    }

    /** klink-tokens over JdbiTokenStore: parse, one primary-key read, hash check; last use written behind. */
    @Benchmark
    public VerificationResult klinkJdbi() {
        return klink.verify(token);
    }

    /**
     * klink-tokens over the same store behind the verification cache: after the first read of each 10 s, the row comes
     * from memory; hash, expiry, revocation and abilities are still checked on every call.
     */
    @Benchmark
    public VerificationResult klinkJdbiCached() {
        return klinkCached.verify(token);
    }

    /** The floor: a prepared primary-key select of the same row, every column read, nothing checked. */
    @Benchmark
    public void rawJdbcSelect(Blackhole blackhole) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, tokenId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("the benchmark token is missing");
                }
                consumeRow(row, blackhole);
            }
        }
    }

    /**
     * Laravel Sanctum's way: select the row by id, compare the hash, and write {@code last_used_at} on every
     * request (an autocommitted UPDATE, so a commit each time).
     */
    @Benchmark
    public boolean sanctumStyle(ThreadMac thread, Blackhole blackhole) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            byte[] stored;
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, tokenId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    consumeRow(row, blackhole);
                    stored = row.getBytes("hash");
                }
            }
            if (!MessageDigest.isEqual(thread.mac.doFinal(tokenBytes), stored)) {
                return false;
            }
            try (PreparedStatement touch = connection.prepareStatement(TOUCH)) {
                touch.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                touch.setString(2, Fixtures.CLIENT_IP);
                touch.setString(3, tokenId);
                return touch.executeUpdate() == 1;
            }
        }
    }

    private static void consumeRow(ResultSet row, Blackhole blackhole) throws SQLException {
        for (int column = 1; column <= 18; column++) {
            blackhole.consume(row.getObject(column));
        }
    }

    static HikariDataSource dataSource(String database) {
        HikariConfig config = new HikariConfig();
        switch (database) {
            case "h2" -> config.setJdbcUrl("jdbc:h2:mem:klink_bench;DB_CLOSE_DELAY=-1");
            case "postgres" -> config.setJdbcUrl(System.getProperty("klink.bench.postgres",
                    "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
            default -> throw new IllegalArgumentException("database must be h2 or postgres, was '" + database + "'");
        }
        config.setMaximumPoolSize(4);
        config.setPoolName("klink-bench-" + database);
        return new HikariDataSource(config);
    }
}
