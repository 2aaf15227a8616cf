package dev.klink.tokens.jdbi;

/** The contract every store passes, on Postgres. */
class JdbiTokenStorePostgresContractTest extends JdbiTokenStoreContractTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgres("klink_ct_pg_");
    }
}
