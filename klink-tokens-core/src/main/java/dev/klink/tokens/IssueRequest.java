package dev.klink.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

    private IssueRequest(Builder builder) {
        this.tenantId = builder.tenantId;
        this.ownerId = builder.ownerId;
        this.name = builder.name;
        this.abilities = Set.copyOf(builder.abilities);
        this.expiryKind = builder.expiryKind;
        this.expiresAt = builder.expiresAt;
        this.expiresAfter = builder.expiresAfter;
        this.metadata = Map.copyOf(builder.metadata);
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
                } + "]";
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

        public IssueRequest build() {
            return new IssueRequest(this);
        }
    }
}
