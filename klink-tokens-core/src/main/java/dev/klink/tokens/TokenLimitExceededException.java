package dev.klink.tokens;

/**
 * The owner already holds as many active tokens as {@link TokenPolicy#maxActiveTokensPerOwner()} allows.
 */
public final class TokenLimitExceededException extends KlinkTokensException {

    private static final long serialVersionUID = 1L;

    private final int limit;

    public TokenLimitExceededException(int limit) {
        super("The owner already has the maximum of " + limit + " active tokens; revoke one first");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
