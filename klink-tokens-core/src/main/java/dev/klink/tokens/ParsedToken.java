package dev.klink.tokens;

/**
 * A string that passed the token format v1 checks: shape, alphabet and checksum. It does not say that a token
 * exists or is valid; only {@link TokenService#verify(String)} says that. {@link #toString()} never shows the secret.
 */
public final class ParsedToken {

    private final String token;
    private final int prefixLength;

    ParsedToken(String token, int prefixLength) {
        this.token = token;
        this.prefixLength = prefixLength;
    }

    /** The prefix before the id, such as {@code klink_pat}. */
    public String prefix() {
        return token.substring(0, prefixLength);
    }

    /** The 16-character public id: the lookup key, safe to show and log. */
    public String id() {
        return TokenFormat.id(token, prefixLength);
    }

    /** The 32-character secret. Never log it. */
    public String secret() {
        int start = prefixLength + 2 + TokenFormat.ID_LENGTH;
        return token.substring(start, start + TokenFormat.SECRET_LENGTH);
    }

    /** The 6-character base62 CRC-32 checksum. */
    public String check() {
        return token.substring(token.length() - TokenFormat.CHECK_LENGTH);
    }

    /** The whole token. Never log it. */
    public String token() {
        return token;
    }

    boolean hasPrefix(String candidate) {
        return hasPrefix(token, prefixLength, candidate);
    }

    /** Whether {@code token}, whose prefix is {@code prefixLength} characters long, has the prefix {@code candidate}. */
    static boolean hasPrefix(String token, int prefixLength, String candidate) {
        return candidate.length() == prefixLength && token.startsWith(candidate);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParsedToken parsed && parsed.token.equals(token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }

    @Override
    public String toString() {
        return "ParsedToken[prefix=" + prefix() + ", id=" + id() + ", secret=<redacted>]";
    }
}
