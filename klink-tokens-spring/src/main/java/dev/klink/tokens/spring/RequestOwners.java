package dev.klink.tokens.spring;

import dev.klink.tokens.TokenPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant and owner of a request, whichever way it was authenticated: a bearer token (its tenant and owner), or
 * a signed-in session user (through the application's {@link TokenOwnerResolver}). One handler then serves scripts
 * and the browser app alike:
 *
 * <pre>{@code
 * @GetMapping("/api/orders")
 * @PreAuthorize("hasAuthority('SCOPE_orders:read')")   // a token's ability, or a session user's session ability
 * List<Order> list(HttpServletRequest request) {
 *     TokenOwner who = owners.resolve(request).orElseThrow();
 *     return orders.list(who.tenantId(), who.ownerId());
 * }
 * }</pre>
 *
 * The auto-configuration declares one bean, asking the application's {@code TokenOwnerResolver} bean (or the one
 * {@code klink.tokens.management.tenant} makes); without either, only token requests have an owner.
 */
public final class RequestOwners {

    private final TokenOwnerResolver signedInUsers;

    /** @param signedInUsers the tenant and owner of a signed-in user; never asked for a token request */
    public RequestOwners(TokenOwnerResolver signedInUsers) {
        this.signedInUsers = Objects.requireNonNull(signedInUsers, "signedInUsers");
    }

    /** Only requests authenticated by a token have an owner. */
    public static RequestOwners tokensOnly() {
        return new RequestOwners(request -> Optional.empty());
    }

    /**
     * The token's tenant and owner for a token request; otherwise the signed-in user's, as the
     * {@link TokenOwnerResolver} says; empty when nobody is authenticated or the resolver knows no tenant.
     */
    public Optional<TokenOwner> resolve(HttpServletRequest request) {
        Optional<TokenPrincipal> token = TokenAuthenticatedRequests.tokenPrincipal(request);
        if (token.isPresent()) {
            return token.map(principal -> new TokenOwner(principal.tenantId(), principal.ownerId()));
        }
        if (TokenAuthenticatedRequests.isTokenAuthenticated(request)) {
            return Optional.empty();
        }
        return signedInUsers.resolve(request);
    }

    /**
     * The request's token principal (with Spring Security also a {@code TokenAuthentication} in the security
     * context); empty for session users, whose requests carry no token.
     */
    public static Optional<TokenPrincipal> token(HttpServletRequest request) {
        return TokenAuthenticatedRequests.tokenPrincipal(request);
    }
}
