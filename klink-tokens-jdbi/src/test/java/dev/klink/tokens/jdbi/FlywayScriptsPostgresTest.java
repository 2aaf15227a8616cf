package dev.klink.tokens.jdbi;

/** {@link FlywayScriptsTestBase} on PostgreSQL. */
class FlywayScriptsPostgresTest extends FlywayScriptsTestBase {

    FlywayScriptsPostgresTest() {
        super(JdbiDialect.POSTGRESQL, "klink_flyway_pg");
    }

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgres("klink_");
    }
}
