package dev.klink.tokens.cli;

import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenStatus;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the tokens of a tenant, or of one owner in it, newest first: an aligned table, or JSON.")
final class ListCommand extends DatabaseCommand {

    @Option(names = "--tenant", required = true, paramLabel = "TENANT")
    String tenant = "";

    @Option(names = "--owner", paramLabel = "OWNER", description = "Only this owner's tokens.")
    @Nullable String owner;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only tokens in this status: ${COMPLETION-CANDIDATES}.")
    @Nullable TokenStatus status;

    @Option(names = "--json", description = "One JSON document: {\"tokens\": [...]}.")
    boolean json;

    @Override
    int run(Session session, Database database) {
        List<TokenInfo> tokens = listAll(database.service(), tenant, owner).stream()
                .filter(token -> status == null || token.status() == status)
                .toList();
        if (json) {
            TokenText.json(session.out(), tokens);
        } else if (tokens.isEmpty()) {
            session.err().println("No tokens in tenant " + TokenText.clean(tenant)
                    + (owner == null ? "" : " of owner " + TokenText.clean(owner))
                    + (status == null ? "" : " with status " + TokenText.status(status)) + ".");
        } else {
            TokenText.table(session.out(), tokens);
        }
        return 0;
    }
}
