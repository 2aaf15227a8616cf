package dev.klink.tokens.jdbi;

import java.sql.Connection;
import java.sql.SQLException;

/** {@link FlywayScriptsTestBase} on PostgreSQL. */
class FlywayScriptsPostgresTest extends FlywayScriptsTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgres("klink_");
    }

    @Override
    JdbiDialect dialect() {
        return JdbiDialect.POSTGRESQL;
    }

    @Override
    String schema() {
        return "klink_flyway_pg";
    }

    @Override
    void useSchema(Connection connection) throws SQLException {
        connection.setSchema(schema());
    }

    @Override
    String dropSchemaSql() {
        return "DROP SCHEMA IF EXISTS " + schema() + " CASCADE";
    }
}
