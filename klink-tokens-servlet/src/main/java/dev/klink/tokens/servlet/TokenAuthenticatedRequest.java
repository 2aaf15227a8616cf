package dev.klink.tokens.servlet;

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

    /** A role is an ability; {@code **} (Servlet: any authenticated user) holds for every token. */
    @Override
    public boolean isUserInRole(String role) {
        return role != null && (role.equals("**") || principal.hasAbility(role));
    }
}
