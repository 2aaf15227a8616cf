package dev.klink.tokens.cli;

import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.util.Locale;
import picocli.CommandLine.Command;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create or upgrade the token tables: the JDBI store's scripts with the configured table prefix. "
                + "Idempotent.")
final class MigrateCommand extends DatabaseCommand {

    @Override
    int run(Session session, Database database) {
        JdbiTokenStore store = database.store();
        store.migrate();
        session.out().println("Schema up to date: " + store.tokensTable() + " and " + store.schemaVersionTable()
                + " on " + store.dialect().name().toLowerCase(Locale.ROOT));
        return 0;
    }
}
