package dev.klink.tokens.jdbi;

/** Node B's clock 10 s behind node A's, over one MariaDB database. */
class SkewedClockNodesMariaDbTest extends SkewedClockNodesTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.mariaDb("klink_skew_mdb_");
    }
}
