package dev.klink.tokens.servlet;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.KlinkTokensException;

/**
 * Thrown by {@link TokenRequests#requireAbilities} when the request's token does not meet a check. The
 * {@link KlinkTokenFilter} catches it (also as the cause of a {@code ServletException}) and answers 403
 * {@code insufficient_scope} with the check's abilities as {@code scope}, or 401 {@code missing_token} when the
 * request carried no token at all.
 */
public final class InsufficientAbilitiesException extends KlinkTokensException {

    private static final long serialVersionUID = 1L;

    private final AbilityCheck check;

    public InsufficientAbilitiesException(AbilityCheck check) {
        super("The access token does not meet " + check);
        this.check = check;
    }

    /** The check that failed; its abilities become the {@code scope} of the 403 challenge. */
    public AbilityCheck check() {
        return check;
    }
}
