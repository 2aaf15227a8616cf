package dev.klink.tokens.cli;

import java.util.UUID;

/** {@link CommandsTestBase} on a private in-memory H2 database per test. */
class CommandsH2Test extends CommandsTestBase {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    String tablePrefix() {
        return "klink_cli_";
    }

    @Override
    String dialect() {
        return "h2";
    }
}
