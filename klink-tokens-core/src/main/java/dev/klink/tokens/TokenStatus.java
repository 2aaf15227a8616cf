package dev.klink.tokens;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the API Tokens page shows for a token. Derived from its timestamps, never stored. */
public enum TokenStatus {
    ACTIVE, EXPIRED, REVOKED;

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
}
