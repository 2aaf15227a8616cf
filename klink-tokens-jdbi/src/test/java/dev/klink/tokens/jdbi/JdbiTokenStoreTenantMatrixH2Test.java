package dev.klink.tokens.jdbi;

/** The tenant matrix of the store SPI, on H2 (in memory). */
class JdbiTokenStoreTenantMatrixH2Test extends JdbiTokenStoreTenantMatrixTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2("klink_tm_h2_");
    }
}
