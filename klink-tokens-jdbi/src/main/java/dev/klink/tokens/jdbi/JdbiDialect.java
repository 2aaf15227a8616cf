package dev.klink.tokens.jdbi;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The databases {@link JdbiTokenStore} supports, each with its own schema scripts under
 * {@code db/klink/<scriptDirectory>/}. MariaDB uses the MySQL scripts.
 *
 * <p>Timestamps are stored in UTC with microsecond precision: {@code TIMESTAMP WITH TIME ZONE} on H2 and
 * PostgreSQL, {@code DATETIME(6)} holding UTC wall-clock time on MySQL/MariaDB (so the session time zone never
 * shifts them).
 */
public enum JdbiDialect {
    H2("h2", "TIMESTAMP(6) WITH TIME ZONE", ""),
    POSTGRESQL("postgresql", "timestamptz", ""),
    MYSQL("mysql", "DATETIME(6)", " ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin");

    private final String scriptDirectory;
    private final String timestampType;
    private final String tableOptions;

    JdbiDialect(String scriptDirectory, String timestampType, String tableOptions) {
        this.scriptDirectory = scriptDirectory;
        this.timestampType = timestampType;
        this.tableOptions = tableOptions;
    }

    /**
     * The dialect for a JDBC {@code DatabaseMetaData.getDatabaseProductName()}.
     *
     * @throws IllegalStateException naming the database when it is not H2, PostgreSQL, MySQL or MariaDB
     */
    public static JdbiDialect fromProductName(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return H2;
        }
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MYSQL;
        }
        throw new IllegalStateException("klink-tokens JDBI store does not support the database '" + productName
                + "'; supported are H2, PostgreSQL, MySQL and MariaDB");
    }

    /** The folder of this dialect's scripts below {@code db/klink/}: {@code h2}, {@code postgresql} or {@code mysql}. */
    public String scriptDirectory() {
        return scriptDirectory;
    }

    /** Where Flyway finds this dialect's scripts, e.g. {@code classpath:db/klink/postgresql}. */
    public String flywayLocation() {
        return "classpath:db/klink/" + scriptDirectory;
    }

    String schemaVersionTableDdl(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (version INT NOT NULL PRIMARY KEY, "
                + "description VARCHAR(200) NOT NULL, installed_at " + timestampType + " NOT NULL)" + tableOptions;
    }

    /** Binds an instant as UTC, cut to the microseconds every dialect stores. */
    void bindInstant(PreparedStatement statement, int position, @Nullable Instant instant) throws SQLException {
        if (this == MYSQL) {
            if (instant == null) {
                statement.setNull(position, Types.TIMESTAMP);
            } else {
                statement.setObject(position, LocalDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
            }
        } else if (instant == null) {
            statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(position, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
        }
    }

    @Nullable Instant readInstant(ResultSet row, int column) throws SQLException {
        if (this == MYSQL) {
            LocalDateTime value = row.getObject(column, LocalDateTime.class);
            return value == null ? null : value.toInstant(ZoneOffset.UTC);
        }
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
