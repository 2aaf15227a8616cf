package dev.klink.tokens.jdbi;

/** {@link JdbiTokenStoreTestBase} on H2. */
class JdbiTokenStoreH2Test extends JdbiTokenStoreTestBase {

    @Override
    TestDatabase openDatabase(String tablePrefix) {
        return TestDatabase.h2(tablePrefix);
    }

    @Override
    JdbiDialect expectedDialect() {
        return JdbiDialect.H2;
    }

    @Override
    String tablePrefix() {
        return "klink_st_h2_";
    }
}
