package dev.klink.tokens;

import dev.klink.tokens.spi.StoredToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the API Tokens page shows about a token: everything but the secret and its hash.
 *
 * @param hint the prefix and id as {@code klink_pat_<id>_…}: enough to recognise a token, useless to use it
 * @param status derived from the timestamps at the time this was read; {@link TokenStatus#ROTATED} once a rotation
 *     revoked it, with {@code rotatedToId} naming its replacement
 * @param revokedAt when it was or will be revoked (in the future after a rotation with a grace period)
 * @param lastUsedAt the exact time of the latest successful verification, or {@code null} if never used
 * @param allowedIps the CIDR ranges the token may be used from ({@code 10.0.0.0/8}); empty for any address
 */
public record TokenInfo(
        String id,
        String hint,
        String tenantId,
        String ownerId,
        String name,
        Set<String> abilities,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant lastUsedAt,
        @Nullable String lastUsedIp,
        @Nullable Instant revokedAt,
        @Nullable String revokedBy,
        @Nullable String revokeReason,
        @Nullable String rotatedFromId,
        @Nullable String rotatedToId,
        Map<String, String> metadata,
        TokenStatus status,
        List<String> allowedIps) {

    public TokenInfo {
        abilities = Set.copyOf(abilities);
        metadata = Map.copyOf(metadata);
        allowedIps = List.copyOf(allowedIps);
    }

    /** The stored token as seen at {@code now}, with the given latest use. */
    static TokenInfo of(StoredToken token, @Nullable Instant lastUsedAt, @Nullable String lastUsedIp, Instant now) {
        return new TokenInfo(token.id(), token.prefix() + "_" + token.id() + "_\u2026", token.tenantId(),
                token.ownerId(), token.name(), token.abilities(), token.createdAt(), token.expiresAt(), lastUsedAt,
                lastUsedIp, token.revokedAt(), token.revokedBy(), token.revokeReason(), token.rotatedFromId(),
                token.rotatedToId(), token.metadata(),
                TokenStatus.of(token, now), token.allowedIps().ranges());
    }
}
