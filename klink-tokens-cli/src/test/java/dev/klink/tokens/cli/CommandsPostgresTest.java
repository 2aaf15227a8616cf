package dev.klink.tokens.cli;

/** {@link CommandsTestBase} on PostgreSQL at {@code $KLINK_TEST_POSTGRES_URL}; skipped without it. */
class CommandsPostgresTest extends CommandsTestBase {

    @Override
    String jdbcUrl() {
        return TestDatabases.postgres();
    }

    @Override
    String tablePrefix() {
        return "klink_cli_pg_";
    }

    @Override
    String dialect() {
        return "postgresql";
    }
}
