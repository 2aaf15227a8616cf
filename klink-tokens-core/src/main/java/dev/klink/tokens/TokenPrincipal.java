package dev.klink.tokens;

import dev.klink.tokens.spi.StoredToken;
import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
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
        this(tenantId, ownerId, tokenId, tokenName, abilities, expiresAt, catalog, true);
    }

    private TokenPrincipal(String tenantId, String ownerId, String tokenId, String tokenName, Set<String> abilities,
            @Nullable Instant expiresAt, AbilityCatalog catalog, boolean copyAbilities) {
        this.tenantId = tenantId;
        this.ownerId = ownerId;
        this.tokenId = tokenId;
        this.tokenName = tokenName;
        this.abilities = copyAbilities ? Set.copyOf(abilities) : abilities;
        this.expiresAt = expiresAt;
        this.catalog = catalog;
    }

    /**
     * The principal of a stored token, sharing its abilities: {@link StoredToken#abilities()} is already an immutable
     * copy, and copying it again on every verification would cost more than the rest of the check.
     */
    static TokenPrincipal of(StoredToken token, AbilityCatalog catalog) {
        return new TokenPrincipal(token.tenantId(), token.ownerId(), token.id(), token.name(), token.abilities(),
                token.expiresAt(), catalog, false);
    }

    /**
     * Whether this is the principal {@link #of(StoredToken, AbilityCatalog)} would make of {@code token}: the same
     * ids, name, abilities, expiry and catalog.
     */
    boolean isPrincipalOf(StoredToken token, AbilityCatalog catalog) {
        return this.catalog == catalog && tokenId.equals(token.id()) && tenantId.equals(token.tenantId())
                && ownerId.equals(token.ownerId()) && tokenName.equals(token.name())
                && abilities.equals(token.abilities()) && Objects.equals(expiresAt, token.expiresAt());
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

    /** The catalog the token was verified against, which {@link #hasAbility(String)} reads implications from. */
    public AbilityCatalog catalog() {
        return catalog;
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
