package dev.klink.tokens;

/**
 * No token with this id exists in the given tenant (it may exist in another one; that is never revealed).
 */
public final class TokenNotFoundException extends KlinkTokensException {

    private static final long serialVersionUID = 1L;

    public TokenNotFoundException(String tokenId) {
        super("No token with id " + tokenId);
    }
}
