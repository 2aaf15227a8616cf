package dev.klink.tokens.cli;

import dev.klink.tokens.TokenInfo;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "expiring", mixinStandardHelpOptions = true,
        description = "List active tokens of every tenant that expire within --within, soonest first: for reminders.")
final class ExpiringCommand extends DatabaseCommand {

    @Option(names = "--within", required = true, paramLabel = "DURATION", description = "E.g. 7d.")
    String within = "";

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's tokens.")
    @Nullable String tenant;

    @Option(names = "--json", description = "One JSON document: {\"tokens\": [...]}.")
    boolean json;

    @Override
    int run(Session session, Database database) {
        List<TokenInfo> tokens = database.service()
                .expiringWithin(Durations.parse("--within", within, null)).stream()
                .filter(token -> tenant == null || token.tenantId().equals(tenant))
                .toList();
        if (json) {
            TokenText.json(session.out(), tokens);
        } else if (tokens.isEmpty()) {
            session.err().println("No active tokens expire within " + within + ".");
        } else {
            TokenText.Table table = new TokenText.Table("EXPIRES", "TENANT", "OWNER", "ID", "NAME");
            tokens.forEach(token -> table.row(TokenText.orNever(token.expiresAt()), TokenText.clean(token.tenantId()),
                    TokenText.clean(token.ownerId()), token.id(), TokenText.clean(token.name())));
            table.print(session.out());
        }
        return 0;
    }
}
