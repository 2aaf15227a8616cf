package dev.klink.tokens;

import java.security.Principal;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who a verified token speaks for: its tenant and owner, the token id and name, and its abilities.
 * {@link #getName()} is the owner id.
 */
public final class TokenPrincipal implements Principal {

    private final String tenantId;
    private final String ownerId;
    private final String tokenId;
    private final String tokenName;
    private final Set<String> abilities;
    private final @Nullable Instant expiresAt;
    private final AbilityCatalog catalog;

    public TokenPrincipal(String tenantId, String ownerId, String tokenId, String tokenName, Set<String> abilities,
            @Nullable Instant expiresAt, AbilityCatalog catalog) {
        this.tenantId = tenantId;
        this.ownerId = ownerId;
        this.tokenId = tokenId;
        this.tokenName = tokenName;
        this.abilities = Set.copyOf(abilities);
        this.expiresAt = expiresAt;
        this.catalog = catalog;
    }

    public String tenantId() {
        return tenantId;
    }

    public String ownerId() {
        return ownerId;
    }

    public String tokenId() {
        return tokenId;
    }

    public String tokenName() {
        return tokenName;
    }

    /** The abilities the token was issued with (wildcards as given, implications not expanded). */
    public Set<String> abilities() {
        return abilities;
    }

    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    /** Whether the token grants {@code ability}, directly, by a wildcard, or by an implication in the catalog. */
    public boolean hasAbility(String ability) {
        return catalog.grants(abilities, ability);
    }

    @Override
    public String getName() {
        return ownerId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenPrincipal that && that.tokenId.equals(tokenId) && that.tenantId.equals(tenantId)
                && that.ownerId.equals(ownerId) && that.tokenName.equals(tokenName)
                && that.abilities.equals(abilities);
    }

    @Override
    public int hashCode() {
        return tokenId.hashCode();
    }

    @Override
    public String toString() {
        return "TokenPrincipal[tenantId=" + tenantId + ", ownerId=" + ownerId + ", tokenId=" + tokenId
                + ", tokenName=" + tokenName + ", abilities=" + abilities + "]";
    }
}
