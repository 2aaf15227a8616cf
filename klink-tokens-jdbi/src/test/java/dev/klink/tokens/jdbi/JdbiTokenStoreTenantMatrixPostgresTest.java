package dev.klink.tokens.jdbi;

/** The tenant matrix of the store SPI, on Postgres. */
class JdbiTokenStoreTenantMatrixPostgresTest extends JdbiTokenStoreTenantMatrixTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgres("klink_tm_pg_");
    }
}
