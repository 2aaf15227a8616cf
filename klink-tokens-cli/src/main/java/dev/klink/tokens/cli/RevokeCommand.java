package dev.klink.tokens.cli;

import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke one token, or with --owner OWNER --all every active token of an owner (offboarding).",
                "Revoking all asks for confirmation on a terminal; elsewhere it needs --yes."})
final class RevokeCommand extends DatabaseCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The token id.")
    @Nullable String id;

    @Option(names = "--tenant", required = true, paramLabel = "TENANT")
    String tenant = "";

    @Option(names = "--owner", paramLabel = "OWNER", description = "With --all: the owner whose tokens to revoke.")
    @Nullable String owner;

    @Option(names = "--all", description = "Revoke every active token of --owner.")
    boolean all;

    @Option(names = "--reason", paramLabel = "REASON", description = "Why, kept with the token (e.g. leaked).")
    @Nullable String reason;

    @Option(names = "--actor", paramLabel = "WHO", defaultValue = "cli",
            description = "Who revokes, kept with the token. Default: ${DEFAULT-VALUE}.")
    String actor = "cli";

    @Option(names = "--yes", description = "Revoke all without asking.")
    boolean yes;

    @Override
    int run(Session session, Database database) {
        if (id != null && (all || owner != null)) {
            throw CliFailure.usage("Give either a token ID or --owner OWNER --all, not both");
        }
        if (id != null) {
            return revokeOne(session, database.service(), requireId(id));
        }
        if (!all || owner == null) {
            throw CliFailure.usage("Give a token ID, or --owner OWNER --all to revoke every token of an owner");
        }
        return revokeAll(session, database.service(), owner);
    }

    private int revokeOne(Session session, TokenService service, String tokenId) {
        TokenInfo token = find(service, tenant, tokenId);
        if (token.status().isRevoked()) {
            throw CliFailure.notDone("Token " + tokenId + " was already revoked at "
                    + TokenText.orNever(token.revokedAt()));
        }
        service.revoke(tenant, tokenId, actor, reason);
        session.out().println("Revoked token " + tokenId + " \"" + TokenText.clean(token.name()) + "\" of "
                + TokenText.clean(token.ownerId()) + " in tenant " + TokenText.clean(tenant) + ".");
        return 0;
    }

    private int revokeAll(Session session, TokenService service, String ownerId) {
        String whose = TokenText.clean(ownerId) + " in tenant " + TokenText.clean(tenant);
        long active = listAll(service, tenant, ownerId).stream()
                .filter(token -> token.status() == TokenStatus.ACTIVE)
                .count();
        if (active == 0) {
            throw CliFailure.notDone("No active tokens of " + whose + " to revoke");
        }
        String question = "Revoke all " + active + " active tokens of " + whose + "?";
        if (!yes) {
            Session.Prompt prompt = session.prompt();
            if (prompt == null) {
                throw CliFailure.usage(question + " Not asked, as input is not a terminal: add --yes");
            }
            String answer = prompt.ask(question + " [y/N] ");
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
                throw CliFailure.notDone("Nothing revoked");
            }
        }
        int revoked = service.revokeAllForOwner(tenant, ownerId, actor, reason);
        session.out().println("Revoked " + revoked + " tokens of " + whose + ".");
        return 0;
    }
}
