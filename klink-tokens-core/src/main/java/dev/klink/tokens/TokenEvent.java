package dev.klink.tokens;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Something that happened to tokens, for audit logs and notifications. Never carries a secret. */
public sealed interface TokenEvent {

    /** When it happened. */
    Instant at();

    /** A token was issued. */
    record Issued(Instant at, TokenInfo token) implements TokenEvent {
    }

    /** A token was replaced by a new one; the old one is revoked at {@code previousRevokedAt}. */
    record Rotated(Instant at, TokenInfo previous, TokenInfo replacement, Instant previousRevokedAt)
            implements TokenEvent {
    }

    /** One token was revoked. */
    record Revoked(Instant at, TokenInfo token, String actor, @Nullable String reason) implements TokenEvent {
    }

    /** Every token of an owner (or, when {@code ownerId} is null, of a tenant) was revoked. */
    record BulkRevoked(Instant at, String tenantId, @Nullable String ownerId, int count, String actor,
            @Nullable String reason) implements TokenEvent {
    }

    /** A presented token was not accepted. {@code tokenId} is set when the token was well-formed. */
    record VerificationFailed(Instant at, VerificationFailure reason, @Nullable String tokenId,
            @Nullable String clientIp) implements TokenEvent {
    }

    /**
     * An active token will expire within {@code threshold}: sent once per token and threshold across every node by
     * {@link ExpiryReminders}, so that the application can remind its owner (GitHub and GitLab email at 7 days).
     */
    record ExpiringSoon(Instant at, TokenInfo token, Duration threshold) implements TokenEvent {
    }
}
