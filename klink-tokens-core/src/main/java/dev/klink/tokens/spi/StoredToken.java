package dev.klink.tokens.spi;

import dev.klink.tokens.page.KeysetCursor;
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
 * @param revokedImmediately whether the revocation counts whatever the reading node's clock says (see
 *        {@link Revocation#immediate}); false for a scheduled revocation, which counts once {@code revokedAt} has
 *        passed
 * @param lastUsedAt the latest successful verification written to the store
 * @param rotatedFromId the token this one replaced
 * @param rotatedToId the token that replaced this one
 * @param allowedIps the client addresses it may be used from, parsed once with the row; empty for any address
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
        boolean revokedImmediately,
        @Nullable Instant lastUsedAt,
        @Nullable String lastUsedIp,
        @Nullable String rotatedFromId,
        @Nullable String rotatedToId,
        Map<String, String> metadata,
        IpAllowlist allowedIps) {

    public StoredToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hashScheme, "hashScheme");
        Objects.requireNonNull(createdAt, "createdAt");
        if (revokedImmediately && revokedAt == null) {
            throw new IllegalArgumentException("revokedImmediately needs revokedAt, the time of the revocation");
        }
        abilities = Collections.unmodifiableSet(new TreeSet<>(abilities));
        hash = hash.clone();
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(allowedIps, "allowedIps");
    }

    /** A token usable from any address: the columns before the IP allowlist was added. */
    public StoredToken(String id, String prefix, String tenantId, String ownerId, String name, Set<String> abilities,
            String hashScheme, byte[] hash, Instant createdAt, @Nullable Instant expiresAt,
            @Nullable Instant revokedAt, @Nullable String revokedBy, @Nullable String revokeReason,
            boolean revokedImmediately, @Nullable Instant lastUsedAt, @Nullable String lastUsedIp,
            @Nullable String rotatedFromId, @Nullable String rotatedToId, Map<String, String> metadata) {
        this(id, prefix, tenantId, ownerId, name, abilities, hashScheme, hash, createdAt, expiresAt, revokedAt,
                revokedBy, revokeReason, revokedImmediately, lastUsedAt, lastUsedIp, rotatedFromId, rotatedToId,
                metadata, IpAllowlist.any());
    }

    /** A copy of the stored hash. */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Compares without copying; for hashers ({@code TokenHasher.matches(token, stored)}) and stores. */
    public boolean hashEquals(byte[] other) {
        return java.security.MessageDigest.isEqual(hash, other);
    }

    /** Whether the token is revoked at {@code now}: immediately, or by a scheduled revocation that has passed. */
    public boolean isRevokedAt(Instant now) {
        return revokedImmediately || (revokedAt != null && !revokedAt.isAfter(now));
    }

    /** This token's place in a listing ordered newest first: the cursor of the page that ends with it. */
    public KeysetCursor position() {
        return KeysetCursor.of(createdAt, id);
    }

    /** A builder with no abilities and no metadata; {@link Builder#build()} checks the required fields. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this token, to build a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.prefix = prefix;
        b.tenantId = tenantId;
        b.ownerId = ownerId;
        b.name = name;
        b.abilities = abilities;
        b.hashScheme = hashScheme;
        b.hash = hash;
        b.createdAt = createdAt;
        b.expiresAt = expiresAt;
        b.revokedAt = revokedAt;
        b.revokedBy = revokedBy;
        b.revokeReason = revokeReason;
        b.revokedImmediately = revokedImmediately;
        b.lastUsedAt = lastUsedAt;
        b.lastUsedIp = lastUsedIp;
        b.rotatedFromId = rotatedFromId;
        b.rotatedToId = rotatedToId;
        b.metadata = metadata;
        b.allowedIps = allowedIps;
        return b;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredToken that
                && id.equals(that.id) && prefix.equals(that.prefix) && tenantId.equals(that.tenantId)
                && ownerId.equals(that.ownerId) && name.equals(that.name) && abilities.equals(that.abilities)
                && hashScheme.equals(that.hashScheme) && Arrays.equals(hash, that.hash)
                && createdAt.equals(that.createdAt) && Objects.equals(expiresAt, that.expiresAt)
                && Objects.equals(revokedAt, that.revokedAt) && Objects.equals(revokedBy, that.revokedBy)
                && Objects.equals(revokeReason, that.revokeReason) && revokedImmediately == that.revokedImmediately
                && Objects.equals(lastUsedAt, that.lastUsedAt)
                && Objects.equals(lastUsedIp, that.lastUsedIp) && Objects.equals(rotatedFromId, that.rotatedFromId)
                && Objects.equals(rotatedToId, that.rotatedToId) && metadata.equals(that.metadata)
                && allowedIps.equals(that.allowedIps);
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
                + ", revokedBy=" + revokedBy + ", revokeReason=" + revokeReason + ", revokedImmediately="
                + revokedImmediately + ", lastUsedAt=" + lastUsedAt
                + ", lastUsedIp=" + lastUsedIp + ", rotatedFromId=" + rotatedFromId + ", rotatedToId=" + rotatedToId
                + ", metadata=" + metadata + ", allowedIps=" + allowedIps + "]";
    }

    /**
     * Builds a {@link StoredToken} by field name. {@code id}, {@code prefix}, {@code tenantId}, {@code ownerId},
     * {@code name}, {@code hashScheme}, {@code hash} and {@code createdAt} are required; the others default to
     * {@code null} or empty. Not thread-safe.
     */
    public static final class Builder {

        private @Nullable String id;
        private @Nullable String prefix;
        private @Nullable String tenantId;
        private @Nullable String ownerId;
        private @Nullable String name;
        private Set<String> abilities = Set.of();
        private @Nullable String hashScheme;
        private byte @Nullable [] hash;
        private @Nullable Instant createdAt;
        private @Nullable Instant expiresAt;
        private @Nullable Instant revokedAt;
        private @Nullable String revokedBy;
        private @Nullable String revokeReason;
        private boolean revokedImmediately;
        private @Nullable Instant lastUsedAt;
        private @Nullable String lastUsedIp;
        private @Nullable String rotatedFromId;
        private @Nullable String rotatedToId;
        private Map<String, String> metadata = Map.of();
        private IpAllowlist allowedIps = IpAllowlist.any();

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder tenantId(String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        public Builder ownerId(String ownerId) {
            this.ownerId = ownerId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder abilities(Set<String> abilities) {
            this.abilities = abilities;
            return this;
        }

        /** Sets {@code hashScheme} and {@code hash} together: a hash means nothing without its scheme. */
        public Builder hash(String hashScheme, byte[] hash) {
            this.hashScheme = hashScheme;
            this.hash = hash;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder rotatedFromId(@Nullable String rotatedFromId) {
            this.rotatedFromId = rotatedFromId;
            return this;
        }

        public Builder rotatedToId(@Nullable String rotatedToId) {
            this.rotatedToId = rotatedToId;
            return this;
        }

        public Builder metadata(Map<String, String> metadata) {
            this.metadata = metadata;
            return this;
        }

        /** The client addresses the token may be used from; {@link IpAllowlist#any()} by default. */
        public Builder allowedIps(IpAllowlist allowedIps) {
            this.allowedIps = allowedIps;
            return this;
        }

        /** Sets {@code revokedAt}, {@code revokedBy}, {@code revokeReason} and {@code revokedImmediately}. */
        public Builder revocation(Revocation revocation) {
            revocation(revocation.at(), revocation.actor(), revocation.reason());
            this.revokedImmediately = revocation.immediate();
            return this;
        }

        /**
         * Sets {@code revokedAt}, {@code revokedBy} and {@code revokeReason} of a scheduled revocation (clears
         * {@code revokedImmediately}); all {@code null}: not revoked.
         */
        public Builder revocation(@Nullable Instant at, @Nullable String by, @Nullable String reason) {
            this.revokedAt = at;
            this.revokedBy = by;
            this.revokeReason = reason;
            this.revokedImmediately = false;
            return this;
        }

        /** Sets {@code lastUsedAt} and {@code lastUsedIp}. */
        public Builder lastUsed(@Nullable Instant at, @Nullable String ip) {
            this.lastUsedAt = at;
            this.lastUsedIp = ip;
            return this;
        }

        /**
         * The token.
         *
         * @throws NullPointerException naming the first required field that is missing
         */
        public StoredToken build() {
            return new StoredToken(Objects.requireNonNull(id, "id"), Objects.requireNonNull(prefix, "prefix"),
                    Objects.requireNonNull(tenantId, "tenantId"), Objects.requireNonNull(ownerId, "ownerId"),
                    Objects.requireNonNull(name, "name"), abilities, Objects.requireNonNull(hashScheme, "hashScheme"),
                    Objects.requireNonNull(hash, "hash"), Objects.requireNonNull(createdAt, "createdAt"), expiresAt,
                    revokedAt, revokedBy, revokeReason, revokedImmediately, lastUsedAt, lastUsedIp, rotatedFromId, rotatedToId,
                    metadata, allowedIps);
        }
    }
}
