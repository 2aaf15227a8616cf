package dev.klink.tokens.jdbi;

import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * The dialect of a {@link Jdbi}'s database, detected once from {@code DatabaseMetaData.getDatabaseProductName()}
 * unless given; a store and its schema share one.
 */
final class DetectedDialect {

    /** How a failure to reach the database is reported. */
    @FunctionalInterface
    interface Failure {
        RuntimeException of(String operation, Exception cause);
    }

    private final Jdbi jdbi;
    private volatile @Nullable JdbiDialect dialect;

    DetectedDialect(Jdbi jdbi, @Nullable JdbiDialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    /**
     * The dialect, detecting it on the first call.
     *
     * @throws IllegalStateException naming the database when it is not H2, PostgreSQL, MySQL or MariaDB
     */
    JdbiDialect get(Failure failure) {
        JdbiDialect known = dialect;
        if (known == null) {
            String product;
            try {
                product = jdbi.withHandle(handle -> handle.getConnection().getMetaData().getDatabaseProductName());
            } catch (JdbiException | SQLException e) {
                throw failure.of("detect the database", e);
            }
            known = JdbiDialect.fromProductName(product);
            dialect = known;
        }
        return known;
    }

    /** The dialect if known yet, without touching the database. */
    @Nullable JdbiDialect known() {
        return dialect;
    }
}
