package dev.klink.tokens.jdbi;

import java.sql.Connection;
import java.sql.SQLException;

/** {@link FlywayScriptsTestBase} on MariaDB, where a schema is a database. */
class FlywayScriptsMariaDbTest extends FlywayScriptsTestBase {

    private static final String SCHEMA = "klink_flyway_maria";

    FlywayScriptsMariaDbTest() {
        super(JdbiDialect.MYSQL, SCHEMA);
    }

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.mariaDb("klink_");
    }

    @Override
    void useSchema(Connection connection) throws SQLException {
        connection.setCatalog(SCHEMA);
    }

    @Override
    String dropSchemaSql() {
        return "DROP DATABASE IF EXISTS " + SCHEMA;
    }
}
