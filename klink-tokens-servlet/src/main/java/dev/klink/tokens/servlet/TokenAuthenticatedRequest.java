package dev.klink.tokens.servlet;

import dev.klink.tokens.Abilities;
import dev.klink.tokens.TokenPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** A request authenticated by a bearer token: its principal, remote user, auth type and roles come from the token. */
final class TokenAuthenticatedRequest extends HttpServletRequestWrapper {

    static final String AUTH_TYPE = "Bearer";

    private final TokenPrincipal principal;

    TokenAuthenticatedRequest(HttpServletRequest request, TokenPrincipal principal) {
        super(request);
        this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.ownerId();
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }

    /**
     * True only when {@code role} is a valid ability name (not a wildcard, not {@code ADMIN}) that the token holds:
     * one of its own abilities, or a catalog ability it grants through a wildcard or an implication (the abilities
     * the Spring integration turns into {@code SCOPE_} authorities). A {@code *} token is not in every role an
     * application may name.
     */
    @Override
    public boolean isUserInRole(String role) {
        return Abilities.isAbility(role) && (principal.abilities().contains(role)
                || (principal.catalog().find(role).isPresent() && principal.hasAbility(role)));
    }
}
