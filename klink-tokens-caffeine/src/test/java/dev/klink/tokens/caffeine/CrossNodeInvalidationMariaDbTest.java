package dev.klink.tokens.caffeine;

/** Three nodes with polling invalidation channels over MariaDB at {@code $KLINK_TEST_MARIADB_URL}. */
class CrossNodeInvalidationMariaDbTest extends CrossNodeInvalidationTestBase {

    @Override
    protected String urlVariable() {
        return "KLINK_TEST_MARIADB_URL";
    }

    @Override
    protected String tablePrefix() {
        return "kcn_maria_";
    }
}
