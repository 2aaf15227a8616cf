package dev.klink.tokens.jdbi;

import java.sql.Connection;
import java.sql.SQLException;

/** {@link FlywayScriptsTestBase} on H2. */
class FlywayScriptsH2Test extends FlywayScriptsTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2("klink_");
    }

    @Override
    JdbiDialect dialect() {
        return JdbiDialect.H2;
    }

    @Override
    String schema() {
        return "KLINK_FLYWAY_H2";
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
