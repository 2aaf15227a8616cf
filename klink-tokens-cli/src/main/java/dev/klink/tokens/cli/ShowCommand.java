package dev.klink.tokens.cli;

import dev.klink.tokens.TokenInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one token in full (never its hash).")
final class ShowCommand extends DatabaseCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The token id (16 characters after the prefix).")
    String id = "";

    @Option(names = "--tenant", required = true, paramLabel = "TENANT")
    String tenant = "";

    @Option(names = "--json", description = "The token as one JSON object.")
    boolean json;

    @Override
    int run(Session session, Database database) {
        TokenInfo token = find(database.service(), tenant, requireId(id));
        if (json) {
            TokenText.print(session.out(), TokenText.json(token));
        } else {
            TokenText.details(session.out(), token);
        }
        return 0;
    }
}
