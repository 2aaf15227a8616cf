package dev.klink.tokens.jdbi;

import dev.klink.tokens.TokenStoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of a {@link JdbiTokenStore}: creates or upgrades them from the scripts shipped in this jar.
 *
 * <pre>{@code
 * JdbiTokenSchema.builder(jdbi).tablePrefix("klink_").build().migrate();
 * JdbiTokenStore store = JdbiTokenStore.builder(jdbi).tablePrefix("klink_").build();
 * }</pre>
 *
 * <h2>Scripts and the table prefix</h2>
 * The scripts {@code db/klink/<h2|postgresql|mysql>/V<n>__<description>.sql} ({@link #scriptPath}) are Flyway
 * migrations: Flyway runs them as they are, with no placeholder to configure, and creates {@code klink_tokens}.
 * Their names therefore carry the default prefix {@code klink_} as plain SQL, and the files never change once
 * released (Flyway checksums them). A Flyway placeholder ({@code ${prefix}}) would make every Flyway user configure
 * a value, and a JDBI attribute ({@code <prefix>}) in the file would not be SQL to Flyway. So {@link #migrate()}
 * reads a script, turns the default prefix that starts each of its names into JDBI's {@code <prefix>} attribute,
 * and runs it as a JDBI {@link org.jdbi.v3.core.statement.Script} with {@code define("prefix", tablePrefix)}: the
 * template engine writes the configured prefix, and the script's lexer splits the statements and drops the
 * comments. With the default prefix, {@code migrate()} and Flyway create the same tables.
 *
 * <h2>Versions and concurrency</h2>
 * {@code migrate()} records each script it applied in {@code <prefix>schema_version} and skips those recorded.
 * Nodes starting at once take turns on a PostgreSQL advisory lock, a MySQL/MariaDB {@code GET_LOCK}, or (H2,
 * embedded in one JVM) a lock in this JVM. Every script statement is {@code IF NOT EXISTS} as well, so a schema
 * Flyway created is adopted rather than failed on.
 *
 * <p>Thread-safe.
 */
public final class JdbiTokenSchema {

    private static final Logger log = LoggerFactory.getLogger(JdbiTokenSchema.class);

    /** The prefix of the table names unless configured otherwise; the scripts' names carry it. */
    public static final String DEFAULT_TABLE_PREFIX = "klink_";

    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");
    /** The default prefix where it starts a name in a script: each becomes the {@code <prefix>} attribute. */
    private static final Pattern DEFAULT_PREFIX_IN_SCRIPT = Pattern.compile("\\b" + DEFAULT_TABLE_PREFIX);
    private static final List<Migration> MIGRATIONS = List.of(new Migration(1, "klink_tokens", null),
            new Migration(2, "revoked_immediately", "revoked_immediately"), new Migration(3, "invalidations", null),
            new Migration(4, "allowed_ips", "allowed_ips", null),
            new Migration(5, "expiry_reminders", null, null),
            new Migration(6, "usage_daily", null, null),
            new Migration(7, "tenant_keyset_index", null, "tokens_tenant_keyset_idx"));
    /** H2 has no advisory lock: migrations of one H2 database in this JVM take turns on these. */
    private static final ConcurrentMap<String, Object> H2_MIGRATION_LOCKS = new ConcurrentHashMap<>();

    /**
     * A shipped script. {@code addedColumn}: the column of the tokens table it adds, by which MySQL (which has no
     * {@code ADD COLUMN IF NOT EXISTS}) sees that Flyway ran it already.
     */
    private record Migration(int version, String description, @Nullable String addedColumn,
            @Nullable String addedIndex) {

        Migration(int version, String description, @Nullable String addedColumn) {
            this(version, description, addedColumn, null);
        }
    }

    /** The newest shipped version: versions may leave gaps, so it is not the number of scripts. */
    private static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    private final Jdbi jdbi;
    private final String tablePrefix;
    private final String tokensTable;
    private final String schemaVersionTable;
    private final Clock clock;
    private final DetectedDialect dialect;

    private JdbiTokenSchema(Builder builder) {
        this.jdbi = builder.jdbi;
        this.tablePrefix = builder.tablePrefix;
        this.tokensTable = tablePrefix + "tokens";
        this.schemaVersionTable = tablePrefix + "schema_version";
        this.clock = builder.clock;
        this.dialect = new DetectedDialect(jdbi, builder.dialect);
    }

    /** A builder over {@code jdbi}; every other setting has a default. */
    public static Builder builder(Jdbi jdbi) {
        return new Builder(jdbi);
    }

    /**
     * The classpath path of a dialect's script of {@code version}, e.g.
     * {@code db/klink/postgresql/V1__klink_tokens.sql}.
     *
     * @throws IllegalArgumentException when no such version ships
     */
    public static String scriptPath(JdbiDialect dialect, int version) {
        for (Migration migration : MIGRATIONS) {
            if (migration.version() == version) {
                return scriptPath(dialect, migration);
            }
        }
        throw new IllegalArgumentException("version must be one of the shipped schema versions "
                + MIGRATIONS.stream().map(migration -> Integer.toString(migration.version()))
                        .collect(java.util.stream.Collectors.joining(", ")) + ", was " + version);
    }

    private static String scriptPath(JdbiDialect dialect, Migration migration) {
        return "db/klink/" + dialect.scriptDirectory() + "/V" + migration.version() + "__" + migration.description()
                + ".sql";
    }

    /**
     * The database's dialect, detected once from {@code DatabaseMetaData.getDatabaseProductName()} unless the
     * builder set it.
     *
     * @throws IllegalStateException naming the database when it is not H2, PostgreSQL, MySQL or MariaDB
     * @throws TokenStoreUnavailableException when the database cannot be reached to detect it
     */
    public JdbiDialect dialect() {
        return dialect.get(this::unavailable);
    }

    /** The configured prefix of the table names. */
    public String tablePrefix() {
        return tablePrefix;
    }

    /** The table holding the tokens: {@code <prefix>tokens}. */
    public String tokensTable() {
        return tokensTable;
    }

    /** The table where {@link #migrate()} records applied versions: {@code <prefix>schema_version}. */
    public String schemaVersionTable() {
        return schemaVersionTable;
    }

    /**
     * Creates or upgrades the schema: runs each shipped script that {@code <prefix>schema_version} does not record
     * yet, with the configured prefix, and records it. Idempotent, and safe when several nodes call it at once.
     *
     * @throws TokenStoreUnavailableException when the database fails or the lock cannot be had in time
     * @throws IllegalStateException naming the database when it is not H2, PostgreSQL, MySQL or MariaDB
     */
    public void migrate() {
        migrateTo(latestVersion());
    }

    /** As {@link #migrate()}, up to {@code version} only: for tests of an upgrade from an older version. */
    void migrateTo(int version) {
        JdbiDialect current = dialect();
        try {
            switch (current) {
                case POSTGRESQL -> jdbi.useTransaction(handle -> {
                    // released at commit or rollback, so a crashed migration never leaves the lock held
                    DatabaseLocks.pgTransactionLock(handle, DatabaseLocks.PG_MIGRATION_LOCK_CLASS,
                            schemaVersionTable.hashCode());
                    migrateLocked(handle, current, version);
                });
                case MYSQL -> jdbi.useHandle(handle -> {
                    String lock = "klink_migrate_" + schemaVersionTable;
                    DatabaseLocks.underMysqlLock(handle, lock, "the migration lock " + lock, locked -> {
                        migrateLocked(locked, current, version);
                        return null;
                    });
                });
                case H2 -> jdbi.useHandle(handle -> {
                    String url = handle.getConnection().getMetaData().getURL();
                    synchronized (H2_MIGRATION_LOCKS.computeIfAbsent(url + "|" + schemaVersionTable,
                            key -> new Object())) {
                        migrateLocked(handle, current, version);
                    }
                });
            }
        } catch (JdbiException | SQLException e) {
            throw unavailable("migrate the schema", e);
        }
    }

    private void migrateLocked(Handle handle, JdbiDialect current, int target) {
        handle.execute(current.schemaVersionTableDdl(schemaVersionTable));
        Set<Integer> applied = handle.createQuery("SELECT version FROM <schemaVersion>")
                .define("schemaVersion", schemaVersionTable)
                .mapTo(Integer.class)
                .collectIntoSet();
        for (Migration migration : MIGRATIONS) {
            if (migration.version() > target || applied.contains(migration.version())) {
                continue;
            }
            if (!(current == JdbiDialect.MYSQL && (hasColumn(handle, migration.addedColumn())
                    || hasIndex(handle, migration.addedIndex())))) {
                handle.createScript(template(scriptPath(current, migration)))
                        .define("prefix", tablePrefix)
                        .executeAsSeparateStatements();
            }
            handle.createUpdate("INSERT INTO <schemaVersion> (version, description, installed_at)"
                            + " VALUES (:version, :description, :installedAt)")
                    .define("schemaVersion", schemaVersionTable)
                    .bind("version", migration.version())
                    .bind("description", migration.description())
                    .bind("installedAt", (position, statement, ctx) ->
                            current.bindInstant(statement, position, clock.instant()))
                    .execute();
            log.info("Applied klink-tokens schema version {} ({}) to {} on {}", migration.version(),
                    migration.description(), tokensTable, current);
        }
    }

    /** Whether the tokens table has {@code column} (MySQL and MariaDB only); false for {@code null}. */
    private boolean hasColumn(Handle handle, @Nullable String column) {
        return column != null && handle.createQuery("SELECT COUNT(*) FROM information_schema.columns"
                        + " WHERE table_schema = DATABASE() AND table_name = :table AND column_name = :column")
                .bind("table", tokensTable)
                .bind("column", column)
                .mapTo(Integer.class)
                .one() > 0;
    }

    /**
     * Whether the tokens table has the index {@code <prefix>indexSuffix} (MySQL and MariaDB only); false for
     * {@code null}.
     */
    private boolean hasIndex(Handle handle, @Nullable String indexSuffix) {
        return indexSuffix != null && handle.createQuery("SELECT COUNT(*) FROM information_schema.statistics"
                        + " WHERE table_schema = DATABASE() AND table_name = :table AND index_name = :index")
                .bind("table", tokensTable)
                .bind("index", tablePrefix + indexSuffix)
                .mapTo(Integer.class)
                .one() > 0;
    }

    /** A shipped script as a JDBI template: each name's default prefix becomes the {@code <prefix>} attribute. */
    private static String template(String path) {
        String text;
        try (InputStream in = JdbiTokenSchema.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration script " + path + " on the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read migration script " + path, e);
        }
        return DEFAULT_PREFIX_IN_SCRIPT.matcher(text).replaceAll("<prefix>");
    }

    /** The dialect this schema detects, shared with the store built with it. */
    DetectedDialect detectedDialect() {
        return dialect;
    }

    /**
     * What to do when the tokens table does not exist, naming this schema's prefix and, once the dialect is known,
     * the script that creates the table.
     */
    String missingTableHint() {
        @Nullable JdbiDialect known = dialect.known();
        String script = known == null ? "db/klink/<h2|postgresql|mysql>/V1__klink_tokens.sql"
                : scriptPath(known, MIGRATIONS.get(0));
        return "the table does not exist; create it before using the store with JdbiTokenSchema.builder(jdbi)"
                + ".tablePrefix(\"" + tablePrefix + "\").build().migrate() (or JdbiTokenStore.migrate()), or run "
                + script + " with Flyway" + (tablePrefix.equals(DEFAULT_TABLE_PREFIX) ? ""
                : " after replacing its prefix " + DEFAULT_TABLE_PREFIX + " with " + tablePrefix);
    }

    private TokenStoreUnavailableException unavailable(String operation, Exception e) {
        return SqlFailures.unavailable(operation, tokensTable, e, missingTableHint());
    }

    @Override
    public String toString() {
        return "JdbiTokenSchema[tables=" + tokensTable + ", " + schemaVersionTable + ", dialect=" + dialect.known()
                + "]";
    }

    /** Settings of a {@link JdbiTokenSchema}; each setter validates at once. */
    public static final class Builder {

        private final Jdbi jdbi;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private @Nullable JdbiDialect dialect;
        private Clock clock = Clock.systemUTC();

        private Builder(Jdbi jdbi) {
            this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        }

        /**
         * The prefix of the table names ({@code klink_} by default: tables {@code klink_tokens} and
         * {@code klink_schema_version}). Lower case letters, digits and {@code _}, starting with a letter, at most
         * 31 characters. Use the store's prefix.
         */
        public Builder tablePrefix(String tablePrefix) {
            Objects.requireNonNull(tablePrefix, "tablePrefix");
            if (!TABLE_PREFIX.matcher(tablePrefix).matches()) {
                throw new IllegalArgumentException("tablePrefix must match " + TABLE_PREFIX.pattern() + ", was '"
                        + tablePrefix + "'");
            }
            this.tablePrefix = tablePrefix;
            return this;
        }

        /** The dialect, when it should not be detected from the first connection. */
        public Builder dialect(JdbiDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** Where {@link #migrate()} takes the time it records (the UTC system clock by default). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The schema. Touches no database: the dialect is detected on first use. */
        public JdbiTokenSchema build() {
            return new JdbiTokenSchema(this);
        }
    }
}
