package dev.klink.tokens.jdbi;

/** {@link JdbiTokenStoreTestBase} on MariaDb. */
class JdbiTokenStoreMariaDbTest extends JdbiTokenStoreTestBase {

    @Override
    TestDatabase openDatabase(String tablePrefix) {
        return TestDatabase.mariaDb(tablePrefix);
    }

    @Override
    JdbiDialect expectedDialect() {
        return JdbiDialect.MYSQL;
    }

    @Override
    String tablePrefix() {
        return "klink_st_maria_";
    }
}
