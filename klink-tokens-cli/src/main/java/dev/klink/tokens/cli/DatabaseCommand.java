package dev.klink.tokens.cli;

import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** A command that works on the token database: the connection options, and the run against the database. */
abstract class DatabaseCommand implements Callable<Integer> {

    @ParentCommand
    KlinkTokensCli root; // set by picocli before call()

    @Mixin
    ConnectionOptions connection;

    @Override
    public final Integer call() {
        Session session = root.session();
        AppSettings settings = connection.settings(session);
        return Database.run(connection.connection(session, settings), settings, session.clock(),
                database -> run(session, database));
    }

    /** The command's work; returns the exit code. */
    abstract int run(Session session, Database database);

    /**
     * Checks that {@code id} is a token id before it is echoed in a message: a whole token pasted by mistake must not
     * be printed back.
     */
    static String requireId(String id) {
        if (!TokenFormat.isValidId(id)) {
            throw CliFailure.usage("ID must be a token id: the 16 letters and digits after the prefix (to look at a "
                    + "whole token, use 'inspect -')");
        }
        return id;
    }

    /** The token, or exit code 1 naming the id and tenant. */
    static TokenInfo find(TokenService service, String tenant, String id) {
        return service.get(tenant, id)
                .orElseThrow(() -> CliFailure.notDone("No token " + id + " in tenant " + TokenText.clean(tenant)));
    }

    /** Every token of the tenant, or of one owner in it, newest first. */
    static List<TokenInfo> listAll(TokenService service, String tenant, @Nullable String owner) {
        List<TokenInfo> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            PageRequest request = PageRequest.of(page, PageRequest.MAX_SIZE);
            Page<TokenInfo> items = owner == null ? service.listByTenant(tenant, request)
                    : service.listByOwner(tenant, owner, request);
            all.addAll(items.items());
            if (!items.hasNext()) {
                return all;
            }
        }
    }
}
