package dev.klink.tokens;

/**
 * The token store could not be read or written (connection refused, timeout, SQL error). Verification reports
 * this as {@link VerificationFailure#STORE_UNAVAILABLE}, never as an invalid or a valid token.
 */
public final class TokenStoreUnavailableException extends KlinkTokensException {

    private static final long serialVersionUID = 1L;

    public TokenStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public TokenStoreUnavailableException(String message) {
        super(message);
    }
}
