package dev.klink.tokens.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * How long pruning holds locks: {@link JdbiTokenStore#deleteInactiveBefore} on a table of 100 000 expired and 20 000
 * live tokens, timing every DELETE statement it runs (each its own transaction, so its time bounds how long it holds
 * its locks). Meanwhile a probe thread updates random expired rows (the writes that would wait for a prune) every
 * 5 ms and records its slowest. For comparison, {@code single} deletes the same backlog in the one statement the
 * store used before.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar -Dklink.bench.postgres=... -Dklink.bench.mariadb=... \
 *     dev.klink.tokens.benchmarks.PruneBench [databases=postgres,mariadb] [rounds=3] [modes=batched,single]
 * </pre>
 *
 * Prints one line per run: rows deleted, statements, the longest and the median statement, the total, and the
 * probe's slowest update.
 */
public final class PruneBench {

    static final int EXPIRED = 100_000;
    static final int LIVE = 20_000;
    private static final int ROWS_PER_INSERT = 1_000;
    private static final String PREFIX = "klink_prune_";

    private PruneBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] databases = (args.length > 0 ? args[0] : "postgres,mariadb").split(",");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> modes = List.of((args.length > 2 ? args[2] : "batched,single").split(","));
        for (int round = 1; round <= rounds; round++) {
            for (String database : databases) {
                for (String mode : modes) {
                    System.out.println(run(database, mode, round));
                }
            }
        }
    }

    static String run(String database, String mode, int round) throws Exception {
        try (HikariDataSource dataSource = dataSource(database)) {
            Jdbi jdbi = Jdbi.create(dataSource);
            List<Long> statementMicros = new CopyOnWriteArrayList<>();
            jdbi.setSqlLogger(new SqlLogger() {
                @Override
                public void logAfterExecution(StatementContext context) {
                    if (context.getRenderedSql().startsWith("DELETE")) {
                        statementMicros.add(context.getElapsedTime(ChronoUnit.MICROS));
                    }
                }
            });
            JdbiTokenStore store = JdbiTokenStore.builder(jdbi).tablePrefix(PREFIX).build();
            store.migrate();
            String table = store.tokensTable();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<String> expiredIds = fill(dataSource, database, table, now);
            Instant cutoff = now.minus(1, ChronoUnit.DAYS);

            Probe probe = new Probe(dataSource, table, expiredIds);
            Thread probing = new Thread(probe, "prune-probe");
            probing.start();
            long start = System.nanoTime();
            int deleted = mode.equals("single")
                    ? jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM " + table
                            + " WHERE expires_at < :cutoff OR revoked_at < :cutoff")
                            .bind("cutoff", database.equals("postgres") ? (Object) OffsetDateTime.ofInstant(cutoff,
                                    ZoneOffset.UTC) : LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                            .execute())
                    : store.deleteInactiveBefore(cutoff);
            long totalMicros = (System.nanoTime() - start) / 1_000;
            probe.stop.set(true);
            probing.join();

            List<Long> sorted = new ArrayList<>(statementMicros);
            Collections.sort(sorted);
            return String.format(Locale.ROOT, "database=%s mode=%s round=%d deleted=%d statements=%d longest_ms=%.1f"
                    + " median_ms=%.1f total_ms=%.0f probe_updates=%d probe_max_ms=%.1f", database, mode, round,
                    deleted, sorted.size(), sorted.get(sorted.size() - 1) / 1e3, sorted.get(sorted.size() / 2) / 1e3,
                    totalMicros / 1e3, probe.count, probe.maxMicros / 1e3);
        }
    }

    /** Empties the table, then writes the expired and the live tokens, 1 000 a statement; the expired ids. */
    private static List<String> fill(HikariDataSource dataSource, String database, String table, Instant now)
            throws SQLException {
        Random random = new Random(42);
        List<String> expiredIds = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute((database.equals("postgres") ? "TRUNCATE " : "TRUNCATE TABLE ") + table);
            }
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (id, prefix, tenant_id,"
                    + " owner_id, name, abilities, hash_scheme, hash, created_at, expires_at, metadata) VALUES ");
            for (int i = 0; i < ROWS_PER_INSERT; i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, 'klink_pat', 'acme', ?, 'prune', '[\"orders:read\"]',"
                        + " 'sha256', ?, ?, ?, '{}')");
            }
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                for (int done = 0; done < EXPIRED + LIVE; done += ROWS_PER_INSERT) {
                    for (int i = 0; i < ROWS_PER_INSERT; i++) {
                        int row = done + i;
                        boolean expired = row < EXPIRED;
                        String id = String.format(Locale.ROOT, "%016x", random.nextLong());
                        if (expired) {
                            expiredIds.add(id);
                        }
                        byte[] hash = new byte[32];
                        random.nextBytes(hash);
                        Instant created = now.minus(expired ? 40 : 1, ChronoUnit.DAYS);
                        Instant expires = expired ? now.minus(2, ChronoUnit.DAYS) : now.plus(30, ChronoUnit.DAYS);
                        int p = i * 5;
                        insert.setString(p + 1, id);
                        insert.setString(p + 2, "owner" + (row % 5_000));
                        insert.setBytes(p + 3, hash);
                        insert.setObject(p + 4, time(database, created));
                        insert.setObject(p + 5, time(database, expires));
                    }
                    insert.executeUpdate();
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute((database.equals("postgres") ? "VACUUM ANALYZE " : "ANALYZE TABLE ") + table);
            }
        }
        return expiredIds;
    }

    private static Object time(String database, Instant instant) {
        return database.equals("postgres") ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)
                : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Updates a random expired row every 5 ms, each its own transaction, timing the slowest. */
    private static final class Probe implements Runnable {

        final AtomicBoolean stop = new AtomicBoolean();
        private final HikariDataSource dataSource;
        private final String table;
        private final List<String> ids;
        volatile long maxMicros;
        volatile int count;

        Probe(HikariDataSource dataSource, String table, List<String> ids) {
            this.dataSource = dataSource;
            this.table = table;
            this.ids = ids;
        }

        @Override
        public void run() {
            Random random = new Random(7);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement update = connection.prepareStatement("UPDATE " + table
                            + " SET last_used_ip = ? WHERE id = ?")) {
                while (!stop.get()) {
                    update.setString(1, "192.0.2.1");
                    update.setString(2, ids.get(random.nextInt(ids.size())));
                    long start = System.nanoTime();
                    update.executeUpdate();
                    long micros = (System.nanoTime() - start) / 1_000;
                    maxMicros = Math.max(maxMicros, micros);
                    count++;
                    Thread.sleep(5);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the probe failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static HikariDataSource dataSource(String database) {
        HikariConfig config = new HikariConfig();
        switch (database) {
            case "postgres" -> config.setJdbcUrl(System.getProperty("klink.bench.postgres",
                    "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
            case "mariadb" -> config.setJdbcUrl(System.getProperty("klink.bench.mariadb",
                    "jdbc:mariadb://127.0.0.1:3306/test?user=root&password="));
            default -> throw new IllegalArgumentException("database must be postgres or mariadb, was '" + database
                    + "'");
        }
        config.setMaximumPoolSize(4);
        config.setPoolName("klink-prune-" + database);
        return new HikariDataSource(config);
    }
}
