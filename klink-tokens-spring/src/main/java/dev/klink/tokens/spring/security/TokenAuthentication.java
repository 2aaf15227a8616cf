package dev.klink.tokens.spring.security;

import dev.klink.tokens.TokenPrincipal;
import java.util.Collection;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request authenticated by a personal access token. The principal is the {@link TokenPrincipal}, the name its
 * owner id, and the authorities {@code SCOPE_<ability>} for every ability the token holds or implies. It keeps no
 * credentials: the token itself is never stored in the security context.
 */
public final class TokenAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient TokenPrincipal principal;

    public TokenAuthentication(TokenPrincipal principal, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.principal = Objects.requireNonNull(principal, "principal");
        super.setAuthenticated(true);
    }

    /** The verified token's tenant, owner, id, name and abilities. */
    @Override
    public TokenPrincipal getPrincipal() {
        return principal;
    }

    /** Always {@code null}: the token is not kept after verification. */
    @Override
    public @Nullable Object getCredentials() {
        return null;
    }

    /** The token's owner id. */
    @Override
    public String getName() {
        return principal.ownerId();
    }

    /** Refuses to be turned into an authenticated token by hand; it is created authenticated. */
    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("A TokenAuthentication is only created by verifying a token");
        }
        super.setAuthenticated(false);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof TokenAuthentication that && super.equals(that);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    @Override
    public String toString() {
        return "TokenAuthentication[" + principal + ", authorities=" + getAuthorities() + "]";
    }
}
