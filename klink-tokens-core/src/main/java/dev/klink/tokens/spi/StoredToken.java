package dev.klink.tokens.spi;

import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One token as a store keeps it: one row, abilities included, so that verification is one read by id. Holds the
 * hash of the token, never the token. {@link #toString()} leaves the hash out.
 *
 * @param id the public 16-character id, unique across all tenants
 * @param prefix the token prefix it was issued with
 * @param hashScheme {@code sha256} or {@code hmac-sha256:<keyId>}
 * @param hash the hash of the whole token string under {@code hashScheme}
 * @param revokedAt when it was (or, after a rotation with a grace period, will be) revoked
 * @param lastUsedAt the latest successful verification written to the store
 * @param rotatedFromId the token this one replaced
 * @param rotatedToId the token that replaced this one
 */
public record StoredToken(
        String id,
        String prefix,
        String tenantId,
        String ownerId,
        String name,
        Set<String> abilities,
        String hashScheme,
        byte[] hash,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant revokedAt,
        @Nullable String revokedBy,
        @Nullable String revokeReason,
        @Nullable Instant lastUsedAt,
        @Nullable String lastUsedIp,
        @Nullable String rotatedFromId,
        @Nullable String rotatedToId,
        Map<String, String> metadata) {

    public StoredToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hashScheme, "hashScheme");
        Objects.requireNonNull(createdAt, "createdAt");
        abilities = Collections.unmodifiableSet(new TreeSet<>(abilities));
        hash = hash.clone();
        metadata = Map.copyOf(metadata);
    }

    /** A copy of the stored hash. */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Compares without copying; for hashers and stores. */
    public boolean hashEquals(byte[] other) {
        return java.security.MessageDigest.isEqual(hash, other);
    }

    /** Whether {@code token} hashes to this token's hash under its scheme; the hash is not copied. */
    public boolean hashMatches(TokenHasher hasher, String token) {
        return hasher.matches(token, hashScheme, hash);
    }

    public TokenStatus status(Instant now) {
        return TokenStatus.of(revokedAt, expiresAt, now);
    }

    public StoredToken withRevocation(Instant at, String by, @Nullable String reason) {
        return new StoredToken(id, prefix, tenantId, ownerId, name, abilities, hashScheme, hash, createdAt, expiresAt,
                at, by, reason, lastUsedAt, lastUsedIp, rotatedFromId, rotatedToId, metadata);
    }

    public StoredToken withLastUsed(Instant at, @Nullable String ip) {
        return new StoredToken(id, prefix, tenantId, ownerId, name, abilities, hashScheme, hash, createdAt, expiresAt,
                revokedAt, revokedBy, revokeReason, at, ip, rotatedFromId, rotatedToId, metadata);
    }

    public StoredToken withHash(String scheme, byte[] newHash) {
        return new StoredToken(id, prefix, tenantId, ownerId, name, abilities, scheme, newHash, createdAt, expiresAt,
                revokedAt, revokedBy, revokeReason, lastUsedAt, lastUsedIp, rotatedFromId, rotatedToId, metadata);
    }

    public StoredToken withRotatedTo(String newId) {
        return new StoredToken(id, prefix, tenantId, ownerId, name, abilities, hashScheme, hash, createdAt, expiresAt,
                revokedAt, revokedBy, revokeReason, lastUsedAt, lastUsedIp, rotatedFromId, newId, metadata);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredToken that
                && id.equals(that.id) && prefix.equals(that.prefix) && tenantId.equals(that.tenantId)
                && ownerId.equals(that.ownerId) && name.equals(that.name) && abilities.equals(that.abilities)
                && hashScheme.equals(that.hashScheme) && Arrays.equals(hash, that.hash)
                && createdAt.equals(that.createdAt) && Objects.equals(expiresAt, that.expiresAt)
                && Objects.equals(revokedAt, that.revokedAt) && Objects.equals(revokedBy, that.revokedBy)
                && Objects.equals(revokeReason, that.revokeReason) && Objects.equals(lastUsedAt, that.lastUsedAt)
                && Objects.equals(lastUsedIp, that.lastUsedIp) && Objects.equals(rotatedFromId, that.rotatedFromId)
                && Objects.equals(rotatedToId, that.rotatedToId) && metadata.equals(that.metadata);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "StoredToken[id=" + id + ", prefix=" + prefix + ", tenantId=" + tenantId + ", ownerId=" + ownerId
                + ", name=" + name + ", abilities=" + abilities + ", hashScheme=" + hashScheme + ", hash=<redacted>"
                + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + ", revokedAt=" + revokedAt
                + ", revokedBy=" + revokedBy + ", revokeReason=" + revokeReason + ", lastUsedAt=" + lastUsedAt
                + ", lastUsedIp=" + lastUsedIp + ", rotatedFromId=" + rotatedFromId + ", rotatedToId=" + rotatedToId
                + ", metadata=" + metadata + "]";
    }
}
