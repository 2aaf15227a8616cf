package dev.klink.tokens;

import java.util.Objects;

/**
 * A newly issued token: the plaintext, to be shown to its owner once, and its info. Nothing can return the
 * plaintext later. {@link #toString()} never shows it.
 */
public final class IssuedToken {

    private final String plaintext;
    private final TokenInfo info;

    IssuedToken(String plaintext, TokenInfo info) {
        this.plaintext = Objects.requireNonNull(plaintext);
        this.info = Objects.requireNonNull(info);
    }

    /** The token to hand to the owner, once. Never log it. */
    public String plaintext() {
        return plaintext;
    }

    public TokenInfo info() {
        return info;
    }

    @Override
    public String toString() {
        return "IssuedToken[plaintext=<redacted>, info=" + info + "]";
    }
}
