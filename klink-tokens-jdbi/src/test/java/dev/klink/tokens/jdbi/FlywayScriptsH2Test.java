package dev.klink.tokens.jdbi;

/** {@link FlywayScriptsTestBase} on H2. */
class FlywayScriptsH2Test extends FlywayScriptsTestBase {

    FlywayScriptsH2Test() {
        super(JdbiDialect.H2, "KLINK_FLYWAY_H2");
    }

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2("klink_");
    }
}
