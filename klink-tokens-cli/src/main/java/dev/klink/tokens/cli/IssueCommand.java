package dev.klink.tokens.cli;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenInfo;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue a token. Prints the token, once, on standard output; everything else goes to "
                + "standard error, so that 'klink-tokens issue ... > file' keeps only the token."})
final class IssueCommand extends DatabaseCommand {

    @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "Tenant the token belongs to.")
    String tenant;

    @Option(names = "--owner", required = true, paramLabel = "OWNER", description = "Owner of the token in the tenant.")
    String owner;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "Name shown in lists (1-100 characters).")
    String name;

    @Option(names = "--ability", paramLabel = "ABILITY", arity = "1..*", split = ",",
            description = "Abilities of the token, e.g. --ability orders:read orders:write (or comma-separated).")
    List<String> abilities = new ArrayList<>();

    @Option(names = "--expires", paramLabel = "WHEN",
            description = "A lifetime (30d, 12h), a date (2027-01-31: midnight UTC), an instant (2027-01-31T12:00:00Z) "
                    + "or never (where the policy allows it). Default: the policy's default lifetime.")
    @Nullable String expires;

    @Option(names = "--allow-ip", paramLabel = "CIDR", arity = "1..*", split = ",",
            description = "Client addresses the token may be used from: IPv4 or IPv6 CIDR ranges or addresses, at most "
                    + "20, e.g. --allow-ip 10.0.0.0/8 2001:db8::/32 (or comma-separated). Default: any address.")
    List<String> allowedIps = new ArrayList<>();

    @Override
    int run(Session session, Database database) {
        IssueRequest.Builder request = IssueRequest.builder(tenant, owner).name(name).abilities(abilities)
                .allowedIps(allowedIps);
        if (expires != null) {
            Expiry.apply(expires, request);
        }
        IssuedToken issued = database.service().issue(request.build());
        session.out().println(issued.plaintext());
        session.out().flush();
        TokenInfo info = issued.info();
        session.err().println("Issued token " + info.id() + " \"" + TokenText.clean(info.name()) + "\" to "
                + TokenText.clean(info.ownerId()) + " in tenant " + TokenText.clean(info.tenantId()) + ", expires "
                + TokenText.orNever(info.expiresAt())
                + (info.allowedIps().isEmpty() ? "" : ", allowed from " + String.join(", ", info.allowedIps()))
                + ". It is shown only this once.");
        return 0;
    }
}
