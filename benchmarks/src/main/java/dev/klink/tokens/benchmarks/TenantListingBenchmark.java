package dev.klink.tokens.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.page.KeysetCursor;
import dev.klink.tokens.page.KeysetPage;
import dev.klink.tokens.page.KeysetRequest;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The tenant admin listing on PostgreSQL with 100 000 tokens in one tenant (and 20 000 in another): the first page
 * and a page after 99 000 rows, by keyset cursor ({@code JdbiTokenStore.listByTenant(tenant, filter, request)}) and,
 * for contrast, by page number ({@code listByTenant(tenant, PageRequest)}, OFFSET plus a count). At setup it prints
 * PostgreSQL's {@code EXPLAIN (ANALYZE, BUFFERS)} of the keyset query for both pages.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class TenantListingBenchmark {

    static final String TABLE_PREFIX = "klink_bench_admin_";
    private static final String TABLE = TABLE_PREFIX + "tokens";
    static final String TENANT = "acme";
    static final int TOKENS = 100_000;
    static final int PAGE_SIZE = 50;
    /** Rows before the deep page: 99 000 of the 100 000. */
    static final int DEEP = 99_000;

    HikariDataSource dataSource;
    JdbiTokenStore store;
    TokenFilter everything;
    KeysetCursor deepCursor;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        dataSource = DbVerifyBenchmark.dataSource("postgres");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("DROP TABLE IF EXISTS " + TABLE_PREFIX + "schema_version");
        }
        store = JdbiTokenStore.builder(Jdbi.create(dataSource)).tablePrefix(TABLE_PREFIX).build();
        store.migrate();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // generated in SQL: one token a minute back from now, a tenth of them revoked, 50 owners
            statement.execute(insert(TENANT, TOKENS, "acme-owner-"));
            statement.execute(insert("globex", TOKENS / 5, "globex-owner-"));
            statement.execute("VACUUM ANALYZE " + TABLE);
        }
        everything = TokenFilter.all(Instant.now());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement position = connection.prepareStatement("SELECT created_at, id FROM " + TABLE
                        + " WHERE tenant_id = ? ORDER BY created_at DESC, id DESC OFFSET ? LIMIT 1")) {
            position.setString(1, TENANT);
            position.setInt(2, DEEP - 1);
            try (ResultSet row = position.executeQuery()) {
                row.next();
                deepCursor = KeysetCursor.of(row.getObject(1, java.time.OffsetDateTime.class).toInstant(),
                        row.getString(2));
            }
            explain(connection, null);
            explain(connection, deepCursor);
        }
        KeysetPage<StoredToken> deep = keysetDeepPage();
        if (deep.items().size() != PAGE_SIZE || deep.next() == null) {
            throw new IllegalStateException("the deep page should be full, was " + deep.items().size());
        }
    }

    private static String insert(String tenant, int count, String ownerPrefix) {
        return "INSERT INTO " + TABLE + " (id, prefix, tenant_id, owner_id, name, abilities, hash_scheme, hash, "
                + "created_at, expires_at, revoked_at, revoked_by, revoke_reason, revoked_immediately, metadata) "
                + "SELECT substr(md5('" + tenant + "' || i), 1, 16), 'klink_pat', '" + tenant + "', '" + ownerPrefix
                + "' || (i % 50), 'token ' || i, '[\"orders:read\"]', 'sha256', decode(md5(i::text), 'hex'), "
                + "now() - i * interval '1 minute', now() + interval '30 days' - i * interval '1 minute', "
                + "CASE WHEN i % 10 = 0 THEN now() END, CASE WHEN i % 10 = 0 THEN 'admin' END, NULL, i % 10 = 0, '{}' "
                + "FROM generate_series(1, " + count + ") AS i";
    }

    /** Prints the plan of the keyset query the store runs (the same SQL text) for the page after {@code after}. */
    private static void explain(Connection connection, @Nullable KeysetCursor after) throws SQLException {
        String sql = "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM " + TABLE + " WHERE tenant_id = ?"
                + (after == null ? "" : " AND created_at <= ? AND (created_at < ? OR id < ?)")
                + " ORDER BY created_at DESC, id DESC LIMIT " + (PAGE_SIZE + 1);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, TENANT);
            if (after != null) {
                java.time.OffsetDateTime at = after.createdAt().atOffset(java.time.ZoneOffset.UTC);
                statement.setObject(2, at);
                statement.setObject(3, at);
                statement.setString(4, after.id());
            }
            StringBuilder plan = new StringBuilder("\n-- " + (after == null ? "first page" : "page after " + DEEP
                    + " rows") + "\n");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            System.out.print(plan);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dataSource.close();
    }

    @Benchmark
    public KeysetPage<StoredToken> keysetFirstPage() {
        return store.listByTenant(TENANT, everything, KeysetRequest.first(PAGE_SIZE));
    }

    @Benchmark
    public KeysetPage<StoredToken> keysetDeepPage() {
        return store.listByTenant(TENANT, everything, KeysetRequest.after(deepCursor, PAGE_SIZE));
    }

    @Benchmark
    public Page<StoredToken> offsetFirstPage() {
        return store.listByTenant(TENANT, PageRequest.of(0, PAGE_SIZE));
    }

    @Benchmark
    public Page<StoredToken> offsetDeepPage() {
        return store.listByTenant(TENANT, PageRequest.of(DEEP / PAGE_SIZE, PAGE_SIZE));
    }
}
