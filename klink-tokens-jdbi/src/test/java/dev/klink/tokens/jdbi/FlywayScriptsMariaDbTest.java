package dev.klink.tokens.jdbi;

import java.sql.Connection;
import java.sql.SQLException;

/** {@link FlywayScriptsTestBase} on MariaDB, where a schema is a database. */
class FlywayScriptsMariaDbTest extends FlywayScriptsTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.mariaDb("klink_");
    }

    @Override
    JdbiDialect dialect() {
        return JdbiDialect.MYSQL;
    }

    @Override
    String schema() {
        return "klink_flyway_maria";
    }

    @Override
    void useSchema(Connection connection) throws SQLException {
        connection.setCatalog(schema());
    }

    @Override
    String dropSchemaSql() {
        return "DROP DATABASE IF EXISTS " + schema();
    }
}
