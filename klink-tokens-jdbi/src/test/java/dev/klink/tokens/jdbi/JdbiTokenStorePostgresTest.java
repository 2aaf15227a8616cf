package dev.klink.tokens.jdbi;

/** {@link JdbiTokenStoreTestBase} on Postgres. */
class JdbiTokenStorePostgresTest extends JdbiTokenStoreTestBase {

    @Override
    TestDatabase openDatabase(String tablePrefix) {
        return TestDatabase.postgres(tablePrefix);
    }

    @Override
    JdbiDialect expectedDialect() {
        return JdbiDialect.POSTGRESQL;
    }

    @Override
    String tablePrefix() {
        return "klink_st_pg_";
    }
}
