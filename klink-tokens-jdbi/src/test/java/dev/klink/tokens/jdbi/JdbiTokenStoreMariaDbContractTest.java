package dev.klink.tokens.jdbi;

/** The contract every store passes, on MariaDB. */
class JdbiTokenStoreMariaDbContractTest extends JdbiTokenStoreContractTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.mariaDb("klink_ct_maria_");
    }
}
