package dev.klink.tokens.jdbi;

/** The tenant matrix of the store SPI, on MariaDB. */
class JdbiTokenStoreTenantMatrixMariaDbTest extends JdbiTokenStoreTenantMatrixTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.mariaDb("klink_tm_my_");
    }
}
