package dev.klink.tokens;

import dev.klink.tokens.spi.StoredToken;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the API Tokens page shows for a token. Derived from its timestamps, never stored. {@link #ROTATED} is a
 * {@link #REVOKED} token that was replaced by a rotation: it is refused as a revoked one is, and
 * {@link TokenInfo#rotatedToId()} names its replacement.
 */
public enum TokenStatus {
    ACTIVE, EXPIRED, REVOKED, ROTATED;

    /**
     * {@code REVOKED} once {@code revokedAt <= now}, else {@code EXPIRED} once {@code expiresAt <= now}, else
     * {@code ACTIVE}. A token whose expiry equals now is expired.
     */
    public static TokenStatus of(@Nullable Instant revokedAt, @Nullable Instant expiresAt, Instant now) {
        if (revokedAt != null && !revokedAt.isAfter(now)) {
            return REVOKED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return EXPIRED;
        }
        return ACTIVE;
    }

    /**
     * As {@link #of(Instant, Instant, Instant)}, but {@code ROTATED} instead of {@code REVOKED} when the token has a
     * replacement ({@code rotatedToId} is set). During a rotation's grace period the old token is still
     * {@code ACTIVE}.
     */
    public static TokenStatus of(@Nullable Instant revokedAt, @Nullable String rotatedToId, @Nullable Instant expiresAt,
            Instant now) {
        TokenStatus status = of(revokedAt, expiresAt, now);
        return status == REVOKED && rotatedToId != null ? ROTATED : status;
    }

    /**
     * The status of {@code token} at {@code now}: an immediate revocation is {@code REVOKED} (or {@code ROTATED})
     * whatever {@code now} is, so a node whose clock lags still sees it; otherwise as
     * {@link #of(Instant, String, Instant, Instant)}.
     */
    public static TokenStatus of(StoredToken token, Instant now) {
        TokenStatus status = token.revokedImmediately() ? REVOKED : of(token.revokedAt(), token.expiresAt(), now);
        return status == REVOKED && token.rotatedToId() != null ? ROTATED : status;
    }

    /** Whether a token in this status was revoked, by hand or by a rotation. */
    public boolean isRevoked() {
        return this == REVOKED || this == ROTATED;
    }
}
