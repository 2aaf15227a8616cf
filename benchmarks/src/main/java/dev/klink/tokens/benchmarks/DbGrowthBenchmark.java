package dev.klink.tokens.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Does an uncached verification get slower as the PostgreSQL table grows? The table holds {@code rows} tokens: 1 000
 * real ones, issued through {@link TokenService}, and filler rows written server-side with {@code generate_series};
 * each operation verifies the next of the 1 000 real tokens in turn, so that the reads walk different index pages.
 *
 * <p>Each size has its own table ({@code klink_growth_<rows>_tokens}), kept between runs: filling a million rows takes
 * a while, so a run whose table already holds the filler rows only re-issues the real tokens.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class DbGrowthBenchmark {

    /** The real tokens verified in turn. */
    static final int REAL_TOKENS = 1_000;
    private static final String FILLER_TENANT = "filler";

    @Param({"1000", "1000000"})
    public int rows;

    HikariDataSource dataSource;
    TokenService klink;
    String[] tokens;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        if (rows < REAL_TOKENS) {
            throw new IllegalArgumentException("rows must be at least " + REAL_TOKENS + ", was " + rows);
        }
        dataSource = DbVerifyBenchmark.dataSource("postgres");
        String prefix = "klink_growth_" + rows + "_";
        JdbiTokenStore store = JdbiTokenStore.builder(Jdbi.create(dataSource)).tablePrefix(prefix).build();
        store.migrate();
        String table = store.tokensTable();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + table + " WHERE tenant_id <> '" + FILLER_TENANT + "'");
            int fillers = rows - REAL_TOKENS;
            if (count(statement, table) != fillers) {
                statement.execute("TRUNCATE " + table);
                fill(connection, table, fillers);
            }
        }
        // the real tokens belong to 100 owners, 10 each, under the default limit of 100 active tokens per owner
        klink = TokenService.builder(store).hasher(Fixtures.klinkHasher()).build();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < REAL_TOKENS; i++) {
            issued.add(klink.issue(IssueRequest.builder(Fixtures.TENANT, Fixtures.OWNER + (i % 100))
                    .name(Fixtures.TOKEN_NAME).abilities(Fixtures.ABILITY).expiresAfter(Fixtures.LIFETIME).build())
                    .plaintext());
        }
        tokens = issued.toArray(String[]::new);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE " + table);
            if (count(statement, table) != rows) {
                throw new IllegalStateException("the table should hold " + rows + " rows");
            }
        }
    }

    /** Filler rows: random-looking 16-character ids, other owners and tenants, as a busy installation has. */
    private static void fill(Connection connection, String table, int fillers) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, prefix,"
                + " tenant_id, owner_id, name, abilities, hash_scheme, hash, created_at, expires_at, metadata)"
                + " SELECT substr(md5('filler' || i), 1, 16), 'klink_pat', '" + FILLER_TENANT + "',"
                + " 'owner' || (i % 10000), 'filler', '[\"orders:read\"]', 'sha256', decode(md5(i::text), 'hex'),"
                + " now() - interval '1 day', now() + interval '30 days', '{}' FROM generate_series(1, ?) AS i")) {
            insert.setInt(1, fillers);
            insert.executeUpdate();
        }
    }

    private static long count(Statement statement, String table) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        klink.close();
        dataSource.close();
    }

    /** Which real token a thread verifies next. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** An uncached verification: one primary-key read of one of the 1 000 real tokens. */
    @Benchmark
    public VerificationResult klinkJdbi(Cursor cursor) {
        String token = tokens[cursor.next];
        cursor.next = (cursor.next + 1) % tokens.length;
        return klink.verify(token);
    }
}
