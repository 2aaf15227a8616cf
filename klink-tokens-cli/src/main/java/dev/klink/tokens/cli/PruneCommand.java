package dev.klink.tokens.cli;

import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete tokens that expired or were revoked longer ago than --older-than.")
final class PruneCommand extends DatabaseCommand {

    @Option(names = "--older-than", required = true, paramLabel = "DURATION",
            description = "Keep tokens that expired or were revoked more recently than this, e.g. 90d.")
    String olderThan = "";

    @Option(names = "--dry-run", description = "Only count what would be deleted.")
    boolean dryRun;

    @Override
    int run(Session session, Database database) {
        Duration retention = Durations.parse("--older-than", olderThan, null);
        Instant cutoff = session.clock().instant().minus(retention);
        String what = "tokens that expired or were revoked before " + TokenText.time(cutoff);
        int count;
        if (dryRun) {
            // the store's own delete, in a transaction that is rolled back: the count is exactly what prune deletes
            count = database.jdbi().inTransaction(handle -> {
                int deleted = database.store().deleteInactiveBefore(cutoff);
                handle.rollback();
                return deleted;
            });
        } else {
            count = database.service().prune(retention);
        }
        if (count == 0) {
            throw CliFailure.notDone("Nothing to prune: no " + what);
        }
        session.out().println((dryRun ? "Would delete " : "Deleted ") + count + " " + what + ".");
        return 0;
    }
}
