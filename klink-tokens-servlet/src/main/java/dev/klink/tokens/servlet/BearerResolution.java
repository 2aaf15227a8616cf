package dev.klink.tokens.servlet;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link BearerTokenResolver} found in a request: one bearer {@link #token() token}, {@link #none() no
 * credentials}, or an {@link #error() error} (several credentials, a token in the URL, a malformed header).
 * {@link #toString()} never shows the token.
 */
public final class BearerResolution {

    /** Which of the three outcomes a resolution is. */
    public enum Kind {
        TOKEN, NONE, ERROR
    }

    private static final BearerResolution NONE = new BearerResolution(Kind.NONE, null, null);

    private final Kind kind;
    private final @Nullable String token;
    private final @Nullable BearerError error;

    private BearerResolution(Kind kind, @Nullable String token, @Nullable BearerError error) {
        this.kind = kind;
        this.token = token;
        this.error = error;
    }

    /** The request carries this bearer value (syntactically a {@code b64token}; not yet verified). */
    public static BearerResolution token(String token) {
        return new BearerResolution(Kind.TOKEN, Objects.requireNonNull(token, "token"), null);
    }

    /** The request carries no bearer credentials. */
    public static BearerResolution none() {
        return NONE;
    }

    /** The request must be refused with {@code error} before any verification. */
    public static BearerResolution error(BearerError error) {
        return new BearerResolution(Kind.ERROR, null, Objects.requireNonNull(error, "error"));
    }

    public Kind kind() {
        return kind;
    }

    /** The bearer value when {@link Kind#TOKEN}, else {@code null}. */
    public @Nullable String token() {
        return token;
    }

    /** The error when {@link Kind#ERROR}, else {@code null}. */
    public @Nullable BearerError error() {
        return error;
    }

    public boolean hasToken() {
        return kind == Kind.TOKEN;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TOKEN -> "BearerResolution[token]";
            case NONE -> "BearerResolution[none]";
            case ERROR -> "BearerResolution[error=" + error + "]";
        };
    }
}
