package dev.klink.tokens.caffeine;

/** Three nodes with polling invalidation channels over PostgreSQL at {@code $KLINK_TEST_POSTGRES_URL}. */
class CrossNodeInvalidationPostgresTest extends CrossNodeInvalidationTestBase {

    @Override
    protected String urlVariable() {
        return "KLINK_TEST_POSTGRES_URL";
    }

    @Override
    protected String tablePrefix() {
        return "kcn_pg_";
    }
}
