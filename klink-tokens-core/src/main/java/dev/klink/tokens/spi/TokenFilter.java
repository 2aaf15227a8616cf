package dev.klink.tokens.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which of a tenant's tokens a listing returns: those of one owner, or of every owner ({@code ownerId} null); in
 * one status at {@code now}, or in every status ({@code status} null).
 *
 * @param now the instant the status is judged at
 */
public record TokenFilter(@Nullable String ownerId, @Nullable Status status, Instant now) {

    /** A status as the API Tokens page shows it; a rotated token is revoked. */
    public enum Status {
        /** Neither revoked nor expired. */
        ACTIVE,
        /** Expired ({@code expiresAt <= now}) and not revoked. */
        EXPIRED,
        /** Revoked immediately, or by a scheduled revocation at or before {@code now}; rotated ones included. */
        REVOKED
    }

    public TokenFilter {
        Objects.requireNonNull(now, "now");
    }

    /** Every token of the tenant. */
    public static TokenFilter all(Instant now) {
        return new TokenFilter(null, null, now);
    }

    /** Whether {@code token} passes the filter (the tenant is not checked here). */
    public boolean matches(StoredToken token) {
        if (ownerId != null && !ownerId.equals(token.ownerId())) {
            return false;
        }
        if (status == null) {
            return true;
        }
        boolean revoked = token.isRevokedAt(now);
        boolean expired = token.expiresAt() != null && !token.expiresAt().isAfter(now);
        return switch (status) {
            case ACTIVE -> !revoked && !expired;
            case EXPIRED -> !revoked && expired;
            case REVOKED -> revoked;
        };
    }
}
