package dev.klink.tokens.testing;

import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.spi.IpAllowlist;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link StoredToken}s for store tests: a random valid id, a random 32-byte hash, created now (by the clock)
 * and expiring 30 days later, active, never used. Tweak with the builder's {@code with…} methods.
 *
 * <pre>{@code
 * StoredTokens tokens = StoredTokens.create(clock, new Random(7));
 * StoredToken token = tokens.token().withTenant("acme").withOwner("alice").neverExpiring().build();
 * }</pre>
 *
 * Every instant must have at most microsecond precision, the least a store must keep; {@link Builder#build()}
 * rejects finer ones, and the clock's instant is truncated to microseconds.
 */
public final class StoredTokens {

    public static final String DEFAULT_PREFIX = TokenFormat.DEFAULT_PREFIX;
    public static final String DEFAULT_TENANT = "tenant-a";
    public static final String DEFAULT_OWNER = "owner-1";
    public static final String DEFAULT_NAME = "CI deploy";
    public static final Set<String> DEFAULT_ABILITIES = Set.of("orders:read");
    public static final String DEFAULT_HASH_SCHEME = "sha256";
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);
    public static final int HASH_LENGTH = 32;

    private final Clock clock;
    private final Random random;

    private StoredTokens(Clock clock, Random random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Fixtures whose ids and hashes come from {@code random} (seed it to repeat a run). */
    public static StoredTokens create(Clock clock, Random random) {
        return new StoredTokens(clock, random);
    }

    /** A fresh random token id: 16 base62 characters. */
    public String randomId() {
        return TokenFormat.randomId(random);
    }

    /** Fresh random hash bytes. */
    public byte[] randomHash() {
        byte[] hash = new byte[HASH_LENGTH];
        random.nextBytes(hash);
        return hash;
    }

    /** The clock's instant, truncated to microseconds. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A builder holding the defaults described on the class. */
    public Builder token() {
        Instant now = now();
        return new Builder(randomId(), randomHash(), now, now.plus(DEFAULT_LIFETIME));
    }

    /** Collects the fields of one token; not thread-safe. */
    public static final class Builder {

        private String id;
        private String prefix = DEFAULT_PREFIX;
        private String tenantId = DEFAULT_TENANT;
        private String ownerId = DEFAULT_OWNER;
        private String name = DEFAULT_NAME;
        private Set<String> abilities = DEFAULT_ABILITIES;
        private String hashScheme = DEFAULT_HASH_SCHEME;
        private byte[] hash;
        private Instant createdAt;
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

        private Builder(String id, byte[] hash, Instant createdAt, Instant expiresAt) {
            this.id = id;
            this.hash = hash;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
        }

        public Builder withId(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        public Builder withPrefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        public Builder withTenant(String tenantId) {
            this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
            return this;
        }

        public Builder withOwner(String ownerId) {
            this.ownerId = Objects.requireNonNull(ownerId, "ownerId");
            return this;
        }

        public Builder withName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder withAbilities(String... abilities) {
            this.abilities = Set.of(abilities);
            return this;
        }

        public Builder withHash(String hashScheme, byte[] hash) {
            this.hashScheme = Objects.requireNonNull(hashScheme, "hashScheme");
            this.hash = hash.clone();
            return this;
        }

        /** Sets the creation time and, unless the token never expires, keeps the default lifetime from it. */
        public Builder withCreatedAt(Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            if (expiresAt != null) {
                this.expiresAt = createdAt.plus(DEFAULT_LIFETIME);
            }
            return this;
        }

        public Builder withExpiresAt(Instant expiresAt) {
            this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
            return this;
        }

        public Builder neverExpiring() {
            this.expiresAt = null;
            return this;
        }

        /** A scheduled revocation: it counts once a reader's clock reaches {@code revokedAt}. */
        public Builder withRevocation(Instant revokedAt, String revokedBy, @Nullable String revokeReason) {
            this.revokedAt = Objects.requireNonNull(revokedAt, "revokedAt");
            this.revokedBy = Objects.requireNonNull(revokedBy, "revokedBy");
            this.revokeReason = revokeReason;
            this.revokedImmediately = false;
            return this;
        }

        /** An immediate revocation made at {@code revokedAt}: it counts whatever a reader's clock says. */
        public Builder withImmediateRevocation(Instant revokedAt, String revokedBy, @Nullable String revokeReason) {
            withRevocation(revokedAt, revokedBy, revokeReason);
            this.revokedImmediately = true;
            return this;
        }

        public Builder withLastUsed(Instant lastUsedAt, @Nullable String lastUsedIp) {
            this.lastUsedAt = Objects.requireNonNull(lastUsedAt, "lastUsedAt");
            this.lastUsedIp = lastUsedIp;
            return this;
        }

        public Builder withRotatedFrom(String rotatedFromId) {
            this.rotatedFromId = Objects.requireNonNull(rotatedFromId, "rotatedFromId");
            return this;
        }

        public Builder withRotatedTo(String rotatedToId) {
            this.rotatedToId = Objects.requireNonNull(rotatedToId, "rotatedToId");
            return this;
        }

        /** Replaces the metadata; entries keep their order for readable failures. */
        public Builder withMetadata(Map<String, String> metadata) {
            this.metadata = new LinkedHashMap<>(metadata);
            return this;
        }

        /** The CIDR ranges the token may be used from (none: any address). */
        public Builder withAllowedIps(String... ranges) {
            this.allowedIps = IpAllowlist.of(List.of(ranges));
            return this;
        }

        /**
         * The token.
         *
         * @throws IllegalArgumentException if an instant is finer than a microsecond or the id is not a valid token id
         */
        public StoredToken build() {
            if (!TokenFormat.isValidId(id)) {
                throw new IllegalArgumentException("id must be " + TokenFormat.ID_LENGTH
                        + " base62 characters, was '" + id + "'");
            }
            requireMicros("createdAt", createdAt);
            requireMicros("expiresAt", expiresAt);
            requireMicros("revokedAt", revokedAt);
            requireMicros("lastUsedAt", lastUsedAt);
            StoredToken.Builder token = StoredToken.builder().id(id).prefix(prefix).tenantId(tenantId)
                    .ownerId(ownerId).name(name).abilities(abilities).hash(hashScheme, hash).createdAt(createdAt)
                    .expiresAt(expiresAt).revocation(revokedAt, revokedBy, revokeReason).lastUsed(lastUsedAt, lastUsedIp)
                    .rotatedFromId(rotatedFromId).rotatedToId(rotatedToId).metadata(metadata).allowedIps(allowedIps);
            if (revokedImmediately && revokedAt != null && revokedBy != null) {
                token.revocation(Revocation.immediate(revokedAt, revokedBy, revokeReason));
            }
            return token.build();
        }

        private static void requireMicros(String setting, @Nullable Instant instant) {
            if (instant != null && instant.getNano() % 1_000 != 0) {
                throw new IllegalArgumentException(setting
                        + " must have at most microsecond precision (the least a store keeps), was " + instant);
            }
        }
    }
}
