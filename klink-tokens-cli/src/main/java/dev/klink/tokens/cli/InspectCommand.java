package dev.klink.tokens.cli;

import dev.klink.tokens.TokenStatus;
import dev.klink.tokens.spi.StoredToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {
                "Check a token without the database: well-formed, prefix, id, checksum. Never prints the secret.",
                "Give - to read the token from standard input, which keeps it out of the shell history.",
                "With --check, also look its id up: tenant, owner, status, and whether the secret matches."})
final class InspectCommand implements Callable<Integer> {

    /** More than any token; a longer input is not read to its end. */
    private static final int MAX_INPUT = 64 * 1024;

    @ParentCommand
    KlinkTokensCli root; // set by picocli before call()

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "TOKEN|-", description = "The token, or - to read it from standard input.")
    String token = "";

    @Option(names = "--check", description = "Also look the id up in the database (needs the connection options).")
    boolean check;

    @Option(names = "--json", description = "The result as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Session session = root.session();
        AppSettings settings = connection.settings(session);
        String candidate = token.equals("-") ? readToken(session.in()) : token;
        Inspection inspection = Inspection.of(candidate, settings.allPrefixes());
        if (!check || !inspection.wellFormed()) {
            print(session, settings, inspection, null);
            return inspection.valid() ? 0 : CliFailure.NOT_DONE;
        }
        return Database.run(connection.connection(session, settings), settings, session.clock(), database -> {
            Lookup lookup = Lookup.of(database.store().findById(Objects.requireNonNull(inspection.id(), "id")), candidate, settings, session);
            print(session, settings, inspection, lookup);
            return inspection.valid() && lookup.found() && Boolean.TRUE.equals(lookup.secretMatches())
                    ? 0 : CliFailure.NOT_DONE;
        });
    }

    private static String readToken(InputStream in) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while (bytes.size() < MAX_INPUT && (read = in.read(buffer)) != -1) {
                bytes.write(buffer, 0, read);
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            // what echo and most editors add; anything else around the token is part of what is inspected
            if (text.endsWith("\r\n")) {
                return text.substring(0, text.length() - 2);
            }
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw CliFailure.usage("Cannot read the token from standard input: " + e.getClass().getSimpleName());
        }
    }

    private void print(Session session, AppSettings settings, Inspection inspection, @Nullable Lookup lookup) {
        if (json) {
            ObjectNode node = TokenText.JSON.createObjectNode();
            node.put("wellFormed", inspection.wellFormed());
            node.put("prefix", inspection.prefix());
            node.put("prefixAccepted", inspection.prefixAccepted());
            node.put("id", inspection.id());
            node.put("checksumValid", inspection.checksumValid());
            node.put("valid", inspection.valid());
            if (lookup != null) {
                ObjectNode found = node.putObject("lookup");
                found.put("found", lookup.found());
                found.put("tenant", lookup.token() == null ? null : lookup.token().tenantId());
                found.put("owner", lookup.token() == null ? null : lookup.token().ownerId());
                found.put("name", lookup.token() == null ? null : lookup.token().name());
                found.put("status", lookup.status() == null ? null : TokenText.status(Objects.requireNonNull(lookup.status(), "status")));
                found.put("secretMatches", lookup.secretMatches());
            }
            TokenText.print(session.out(), node);
            return;
        }
        TokenText.Table lines = new TokenText.Table();
        lines.row("well-formed:", inspection.wellFormed() ? "yes" : "no");
        if (inspection.wellFormed()) {
            lines.row("prefix:", inspection.prefix() + (inspection.prefixAccepted() ? " (accepted)"
                    : " (not accepted: the configuration accepts " + String.join(", ", settings.allPrefixes()) + ")"));
            lines.row("id:", String.valueOf(inspection.id()));
            lines.row("checksum:", inspection.checksumValid() ? "valid" : "invalid");
        }
        if (lookup != null) {
            StoredToken stored = lookup.token();
            lines.row("found:", stored == null ? "no" : "yes");
            if (stored != null) {
                lines.row("tenant:", TokenText.clean(stored.tenantId()));
                lines.row("owner:", TokenText.clean(stored.ownerId()));
                lines.row("name:", TokenText.clean(stored.name()));
                lines.row("status:", TokenText.status(Objects.requireNonNull(lookup.status(), "status")));
                Boolean matches = lookup.secretMatches();
                lines.row("secret:", matches == null ? "not checked: hashed with " + stored.hashScheme()
                        + ", a key --config does not give" : matches ? "matches" : "does not match");
            }
        }
        lines.print(session.out());
    }

    /** What the database says about the id; {@code secretMatches} is null when the hash cannot be computed here. */
    private record Lookup(@Nullable StoredToken token, @Nullable TokenStatus status, @Nullable Boolean secretMatches) {

        static Lookup of(Optional<StoredToken> found, String candidate, AppSettings settings, Session session) {
            if (found.isEmpty()) {
                return new Lookup(null, null, null);
            }
            StoredToken stored = found.get();
            Boolean matches = settings.canCompute(stored.hashScheme())
                    ? settings.hasher().matches(candidate, stored.hashScheme(), stored.hash()) : null;
            return new Lookup(stored, TokenStatus.of(stored, session.clock().instant()), matches);
        }

        boolean found() {
            return token != null;
        }
    }
}
