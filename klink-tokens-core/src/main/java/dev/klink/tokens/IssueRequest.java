package dev.klink.tokens;

import dev.klink.tokens.spi.IpAllowlist;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What to issue: for whom (tenant and owner), its name, abilities and expiry. Validated by
 * {@link TokenService#issue(IssueRequest)} against the catalog and policy.
 */
public final class IssueRequest {

    /** How the expiry was given. */
    enum ExpiryKind {
        DEFAULT, AT, AFTER, NEVER
    }

    private final String tenantId;
    private final String ownerId;
    private final String name;
    private final Set<String> abilities;
    private final ExpiryKind expiryKind;
    private final @Nullable Instant expiresAt;
    private final @Nullable Duration expiresAfter;
    private final Map<String, String> metadata;
    private final IpAllowlist allowedIps;

    private IssueRequest(Builder builder) {
        this.tenantId = builder.tenantId;
        this.ownerId = builder.ownerId;
        this.name = builder.name;
        this.abilities = Set.copyOf(builder.abilities);
        this.expiryKind = builder.expiryKind;
        this.expiresAt = builder.expiresAt;
        this.expiresAfter = builder.expiresAfter;
        this.metadata = Map.copyOf(builder.metadata);
        this.allowedIps = builder.allowedIps;
    }

    /** A request for a token owned by {@code ownerId} in {@code tenantId}. */
    public static Builder builder(String tenantId, String ownerId) {
        return new Builder(tenantId, ownerId);
    }

    public String tenantId() {
        return tenantId;
    }

    public String ownerId() {
        return ownerId;
    }

    public String name() {
        return name;
    }

    public Set<String> abilities() {
        return abilities;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The normalized CIDR ranges the token may be used from; empty for any address. */
    public List<String> allowedIps() {
        return allowedIps.ranges();
    }

    IpAllowlist allowlist() {
        return allowedIps;
    }

    ExpiryKind expiryKind() {
        return expiryKind;
    }

    @Nullable Instant expiresAt() {
        return expiresAt;
    }

    @Nullable Duration expiresAfter() {
        return expiresAfter;
    }

    @Override
    public String toString() {
        return "IssueRequest[tenantId=" + tenantId + ", ownerId=" + ownerId + ", name=" + name + ", abilities="
                + abilities + ", expiry=" + switch (expiryKind) {
                    case DEFAULT -> "default";
                    case AT -> String.valueOf(expiresAt);
                    case AFTER -> "+" + expiresAfter;
                    case NEVER -> "never";
                } + (allowedIps.isEmpty() ? "" : ", allowedIps=" + allowedIps) + "]";
    }

    public static final class Builder {

        private final String tenantId;
        private final String ownerId;
        private String name = "";
        private final Set<String> abilities = new LinkedHashSet<>();
        private ExpiryKind expiryKind = ExpiryKind.DEFAULT;
        private @Nullable Instant expiresAt;
        private @Nullable Duration expiresAfter;
        private Map<String, String> metadata = Map.of();
        private IpAllowlist allowedIps = IpAllowlist.any();

        private Builder(String tenantId, String ownerId) {
            this.tenantId = tenantId;
            this.ownerId = ownerId;
        }

        /** A name that helps the owner recognise the token, 1 to 100 characters. */
        public Builder name(@Nullable String name) {
            this.name = name == null ? "" : name;
            return this;
        }

        /** @throws InvalidTokenRequestException naming {@code abilities} when it or one of them is null */
        public Builder abilities(@Nullable String @Nullable... abilities) {
            if (abilities == null) {
                throw new InvalidTokenRequestException("abilities", "abilities must not be null");
            }
            return abilities(Arrays.asList(abilities));
        }

        /** @throws InvalidTokenRequestException naming {@code abilities} when it or one of them is null */
        public Builder abilities(@Nullable Collection<@Nullable String> abilities) {
            if (abilities == null) {
                throw new InvalidTokenRequestException("abilities", "abilities must not be null");
            }
            Set<String> given = new LinkedHashSet<>();
            for (String ability : abilities) {
                if (ability == null) {
                    throw new InvalidTokenRequestException("abilities", "abilities must not contain null");
                }
                given.add(ability);
            }
            this.abilities.clear();
            this.abilities.addAll(given);
            return this;
        }

        /** Expires at this instant, which must lie in the future and within the policy's maximum lifetime. */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            if (expiresAt == null) {
                throw new InvalidTokenRequestException("expiresAt", "expiresAt must not be null");
            }
            this.expiryKind = ExpiryKind.AT;
            this.expiresAt = expiresAt;
            this.expiresAfter = null;
            return this;
        }

        /** Expires this long after issue. */
        public Builder expiresAfter(@Nullable Duration lifetime) {
            if (lifetime == null) {
                throw new InvalidTokenRequestException("expiresAt", "the lifetime must not be null");
            }
            this.expiryKind = ExpiryKind.AFTER;
            this.expiresAfter = lifetime;
            this.expiresAt = null;
            return this;
        }

        /** Expires {@code days} days after issue (the dashboard's 7, 30, 60, 90 presets). */
        public Builder expiresInDays(int days) {
            return expiresAfter(Duration.ofDays(days));
        }

        /** Never expires; only where {@link TokenPolicy#allowNeverExpires()} allows it. */
        public Builder neverExpires() {
            this.expiryKind = ExpiryKind.NEVER;
            this.expiresAt = null;
            this.expiresAfter = null;
            return this;
        }

        /** Free-form data the application keeps with the token (at most 20 entries). */
        public Builder metadata(@Nullable Map<@Nullable String, @Nullable String> metadata) {
            if (metadata == null) {
                throw new InvalidTokenRequestException("metadata", "metadata must not be null");
            }
            Map<String, String> copy = new LinkedHashMap<>();
            metadata.forEach((key, value) -> {
                if (key == null || value == null) {
                    throw new InvalidTokenRequestException("metadata", "metadata must not hold a null key or value");
                }
                copy.put(key, value);
            });
            this.metadata = Map.copyOf(copy);
            return this;
        }

        /**
         * The client addresses the token may be used from: at most {@value IpAllowlist#MAX_RANGES} CIDR ranges,
         * IPv4 or IPv6 ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is a range of one. Empty (the
         * default): any address.
         *
         * @throws InvalidTokenRequestException naming {@code allowedIps} when an entry is not a CIDR range, or when
         *         there are more than {@value IpAllowlist#MAX_RANGES}
         */
        public Builder allowedIps(@Nullable Collection<@Nullable String> ranges) {
            if (ranges == null) {
                throw new InvalidTokenRequestException("allowedIps", "allowedIps must not be null");
            }
            try {
                this.allowedIps = IpAllowlist.of(ranges);
            } catch (IllegalArgumentException e) {
                throw new InvalidTokenRequestException("allowedIps", String.valueOf(e.getMessage()));
            }
            return this;
        }

        /** As {@link #allowedIps(Collection)}. */
        public Builder allowedIps(@Nullable String @Nullable... ranges) {
            if (ranges == null) {
                throw new InvalidTokenRequestException("allowedIps", "allowedIps must not be null");
            }
            return allowedIps(Arrays.asList(ranges));
        }

        public IssueRequest build() {
            return new IssueRequest(this);
        }
    }
}
