package dev.klink.tokens.jdbi;

/** Node B's clock 10 s behind node A's, over one H2 database. */
class SkewedClockNodesH2Test extends SkewedClockNodesTestBase {

    @Override
    TestDatabase database() {
        return TestDatabase.h2("klink_skew_");
    }
}
