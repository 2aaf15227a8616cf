package dev.klink.tokens;

/**
 * Base class of the failures klink-tokens reports with an exception. Bad tokens presented for verification are
 * not exceptions: they come back as a {@link VerificationResult}.
 */
public abstract class KlinkTokensException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected KlinkTokensException(String message) {
        super(message);
    }

    protected KlinkTokensException(String message, Throwable cause) {
        super(message, cause);
    }
}
