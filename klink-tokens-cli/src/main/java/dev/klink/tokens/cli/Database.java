package dev.klink.tokens.cli;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The token store and service of one command run, over plain JDBC connections (a command makes a handful of
 * queries; a pool would only slow the start). A database that cannot be reached ends the command with exit code 3
 * and a message naming the URL without its password.
 */
final class Database implements AutoCloseable {

    private static final Pattern CLASS_NAME = Pattern.compile("^(?:[a-zA-Z_$][\\w$]*\\.)+[\\w$]*: ");

    private static final Set<String> MISSING_TABLE = Set.of("42P01", "42S02", "42S04");

    private final ConnectionOptions.Connection connection;
    private final Jdbi jdbi;
    private final JdbiTokenStore store;
    private final TokenService service;

    private Database(ConnectionOptions.Connection connection, AppSettings settings, Clock clock) {
        this.connection = connection;
        Properties properties = new Properties();
        if (connection.user() != null) {
            properties.setProperty("user", connection.user());
        }
        if (connection.password() != null) {
            properties.setProperty("password", connection.password());
        }
        this.jdbi = Jdbi.create(connection.url(), properties);
        this.store = JdbiTokenStore.builder(jdbi).tablePrefix(settings.tablePrefix()).clock(clock).build();
        this.service = TokenService.builder(store)
                .clock(clock)
                .prefix(settings.prefix())
                .acceptPrefixes(settings.acceptedPrefixes().toArray(String[]::new))
                .hasher(settings.hasher())
                .policy(settings.policy())
                .catalog(settings.catalog())
                // an operator's lookups are no use of the token, and a short-lived process has nothing to flush
                .usageTracking(false)
                .backgroundUsageFlush(false)
                .build();
    }

    /** A command body that uses the database. */
    @FunctionalInterface
    interface Work {
        int run(Database database);
    }

    /**
     * Runs {@code work} against the database {@code connection} names.
     *
     * @throws CliFailure (usage) when no driver takes the URL; (unavailable) when the database cannot be reached
     */
    static int run(ConnectionOptions.Connection connection, AppSettings settings, Clock clock, Work work) {
        try {
            DriverManager.getDriver(connection.url());
        } catch (SQLException e) {
            throw CliFailure.usage("No JDBC driver takes the URL " + connection.redactedUrl()
                    + " (this jar has jdbc:h2:, jdbc:postgresql: and jdbc:mariadb: drivers)");
        }
        try (Database database = new Database(connection, settings, clock)) {
            try {
                return work.run(database);
            } catch (TokenStoreUnavailableException e) {
                if (isMissingTable(e)) {
                    throw CliFailure.usage("No table " + database.store().tokensTable() + " in the database at "
                            + connection.redactedUrl() + ": run 'klink-tokens migrate', or check "
                            + "klink.tokens.jdbc.table-prefix in --config");
                }
                throw e;
            }
        } catch (TokenStoreUnavailableException | JdbiException e) {
            throw CliFailure.unavailable("Database unavailable at " + connection.redactedUrl() + ": "
                    + Redaction.text(rootMessage(e), connection.url(), connection.password()),
                    Redaction.text(KlinkTokensCli.stackTrace(e), connection.url(), connection.password()));
        }
    }

    /** "Undefined table": SQLState 42P01 (PostgreSQL), 42S02 (MySQL/MariaDB, H2), 42S04 (an empty H2 database). */
    private static boolean isMissingTable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && MISSING_TABLE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        // the store's redacted copy starts with the driver's class name: noise in a one-line message
        return CLASS_NAME.matcher(message.lines().findFirst().orElse("")).replaceFirst("").trim();
    }

    TokenService service() {
        return service;
    }

    JdbiTokenStore store() {
        return store;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    ConnectionOptions.Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        service.close();
    }
}
