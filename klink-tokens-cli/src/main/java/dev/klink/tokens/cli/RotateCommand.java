package dev.klink.tokens.cli;

import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenStatus;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Replace an active token with a new one of the same name, abilities and lifetime. Prints the "
                + "new token, once, on standard output; the old one stops working now or after --grace."})
final class RotateCommand extends DatabaseCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The token id.")
    String id = "";

    @Option(names = "--tenant", required = true, paramLabel = "TENANT")
    String tenant = "";

    @Option(names = "--grace", paramLabel = "DURATION",
            description = "How long the old token keeps working, e.g. 24h. Default: it stops at once.")
    @Nullable String grace;

    @Option(names = "--actor", paramLabel = "WHO", defaultValue = "cli",
            description = "Who rotates, kept with the old token. Default: ${DEFAULT-VALUE}.")
    String actor = "cli";

    @Override
    int run(Session session, Database database) {
        Duration gracePeriod = grace == null ? Duration.ZERO : Durations.parse("--grace", grace, null);
        TokenInfo old = find(database.service(), tenant, requireId(id));
        if (old.status() != TokenStatus.ACTIVE || old.rotatedToId() != null) {
            throw CliFailure.notDone("Token " + id + " is " + (old.rotatedToId() != null ? "rotated already, to "
                    + old.rotatedToId() : TokenText.status(old.status())) + ": only an active token can be rotated");
        }
        IssuedToken replacement = database.service().rotate(tenant, id, gracePeriod, actor);
        session.out().println(replacement.plaintext());
        session.out().flush();
        session.err().println("Rotated token " + id + " to " + replacement.info().id() + " \""
                + TokenText.clean(old.name()) + "\"; " + id + " stops working "
                + (gracePeriod.isZero() ? "now" : "at " + TokenText.time(session.clock().instant().plus(gracePeriod)))
                + ". The new token is shown only this once.");
        return 0;
    }
}
