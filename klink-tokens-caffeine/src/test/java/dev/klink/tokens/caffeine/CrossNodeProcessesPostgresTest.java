package dev.klink.tokens.caffeine;

/** Three node processes with polling invalidation channels over PostgreSQL at {@code $KLINK_TEST_POSTGRES_URL}. */
class CrossNodeProcessesPostgresTest extends CrossNodeProcessesTestBase {

    @Override
    protected String urlVariable() {
        return "KLINK_TEST_POSTGRES_URL";
    }

    @Override
    protected String tablePrefix() {
        return "kcp_pg_";
    }
}
