package dev.klink.tokens.jdbi;

import dev.klink.tokens.TokenStoreUnavailableException;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** How the store and the schema turn SQL failures into exceptions that name the operation but never a value. */
final class SqlFailures {

    /**
     * The SQLStates of a table that does not exist: PostgreSQL 42P01, H2 and MySQL/MariaDB 42S02, and H2's 42S04
     * when the database has no table at all.
     */
    private static final Set<String> UNDEFINED_TABLE = Set.of("42P01", "42S02", "42S04");

    private SqlFailures() {
    }

    /**
     * A failure of {@code operation} on {@code table}, with the SQLState and error code when there is an
     * {@link SQLException}; when the table does not exist, {@code missingTableHint} is appended.
     */
    static TokenStoreUnavailableException unavailable(String operation, String table, Exception e,
            String missingTableHint) {
        SQLException sql = sqlCause(e);
        if (sql == null) {
            return new TokenStoreUnavailableException("Token store could not " + operation + " in " + table
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
        String message = "Token store could not " + operation + " in " + table + " (SQLState " + sql.getSQLState()
                + ", error " + sql.getErrorCode() + ")";
        String state = sql.getSQLState();
        if (state != null && UNDEFINED_TABLE.contains(state)) { // Set.of(…).contains(null) throws
            message += ": " + missingTableHint;
        }
        return new TokenStoreUnavailableException(message, redacted(sql));
    }

    static @Nullable SQLException sqlCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /**
     * The driver's exception cut to its first line, SQLState and code. Drivers add details on later lines that may
     * echo row values (PostgreSQL's "Failing row contains (...)" would show a hash), and JDBI adds bound arguments.
     */
    static SQLException redacted(SQLException sql) {
        String message = Objects.requireNonNullElse(sql.getMessage(), "");
        int newline = message.indexOf('\n');
        SQLException copy = new SQLException(sql.getClass().getName() + ": "
                + (newline < 0 ? message : message.substring(0, newline)), sql.getSQLState(), sql.getErrorCode());
        copy.setStackTrace(sql.getStackTrace());
        return copy;
    }

    /** A primary-key violation: SQLState 23505 (H2, PostgreSQL) or MySQL/MariaDB error 1062. */
    static boolean isUniqueViolation(SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
            if ("23505".equals(e.getSQLState()) || e.getErrorCode() == 1062) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database rolled the statement back to break a deadlock or a serialization conflict (SQLState
     * 40001; MySQL/MariaDB error 1213). InnoDB does this to some of several sessions inserting the same key at once.
     */
    static boolean isDeadlock(SQLException sql) {
        for (Throwable e = sql; e != null; e = e.getCause()) {
            if (e instanceof SQLException s && ("40001".equals(s.getSQLState()) || s.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }
}
