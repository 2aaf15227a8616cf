package dev.klink.tokens.jdbi;

/** The contract every store passes, on H2. */
class JdbiTokenStoreH2ContractTest extends JdbiTokenStoreContractTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2("klink_ct_h2_");
    }
}
