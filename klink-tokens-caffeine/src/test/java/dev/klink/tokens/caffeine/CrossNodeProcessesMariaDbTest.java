package dev.klink.tokens.caffeine;

/** Three node processes with polling invalidation channels over MariaDB at {@code $KLINK_TEST_MARIADB_URL}. */
class CrossNodeProcessesMariaDbTest extends CrossNodeProcessesTestBase {

    @Override
    protected String urlVariable() {
        return "KLINK_TEST_MARIADB_URL";
    }

    @Override
    protected String tablePrefix() {
        return "kcp_maria_";
    }
}
