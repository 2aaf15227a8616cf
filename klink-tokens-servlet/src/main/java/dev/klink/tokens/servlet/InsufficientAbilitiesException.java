package dev.klink.tokens.servlet;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.KlinkTokensException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link TokenRequests#requireAbilities} when the request's token does not meet a check. The
 * {@link KlinkTokenFilter} catches it (also as the cause of a {@code ServletException}) and answers 403
 * {@code insufficient_scope} with the check's abilities as {@code scope}, or 401 {@code missing_token} when the
 * request carried no token at all.
 */
public final class InsufficientAbilitiesException extends KlinkTokensException {

    private static final long serialVersionUID = 1L;
    /** Wrapping deeper than this is not an application's doing; a cause cycle must not loop forever. */
    private static final int MAX_CAUSE_DEPTH = 16;

    private final AbilityCheck check;

    public InsufficientAbilitiesException(AbilityCheck check) {
        super("The access token does not meet " + check);
        this.check = check;
    }

    /** The check that failed; its abilities become the {@code scope} of the 403 challenge. */
    public AbilityCheck check() {
        return check;
    }

    /**
     * The exception among {@code thrown} and its causes, for filters that turn it into a 403 however the
     * application or the container wrapped it (a {@code ServletException}, a Spring {@code NestedServletException}).
     */
    public static @Nullable InsufficientAbilitiesException findIn(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (current instanceof InsufficientAbilitiesException insufficient) {
                return insufficient;
            }
            current = current.getCause();
        }
        return null;
    }
}
