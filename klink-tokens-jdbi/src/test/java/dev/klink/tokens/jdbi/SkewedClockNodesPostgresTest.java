package dev.klink.tokens.jdbi;

/** Node B's clock 10 s behind node A's, over one PostgreSQL database. */
class SkewedClockNodesPostgresTest extends SkewedClockNodesTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres("klink_skew_pg_");
    }
}
