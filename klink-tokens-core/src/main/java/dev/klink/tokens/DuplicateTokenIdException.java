package dev.klink.tokens;

/**
 * A store already holds a token with this id. {@link TokenService} generates a fresh id and retries.
 */
public final class DuplicateTokenIdException extends KlinkTokensException {

    private static final long serialVersionUID = 1L;

    private final String tokenId;

    public DuplicateTokenIdException(String tokenId) {
        super("A token with id " + tokenId + " already exists");
        this.tokenId = tokenId;
    }

    public DuplicateTokenIdException(String tokenId, Throwable cause) {
        super("A token with id " + tokenId + " already exists", cause);
        this.tokenId = tokenId;
    }

    /** The public id that collided. */
    public String tokenId() {
        return tokenId;
    }
}
